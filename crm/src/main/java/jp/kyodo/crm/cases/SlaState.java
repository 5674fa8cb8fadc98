package jp.kyodo.crm.cases;

/** The response target of a case, as seen now: met, open and on time, near its due time, or breached. */
public enum SlaState {
    MET("期限内に対応"), ON_TIME("期限内"), NEAR("期限間近"), BREACHED("期限超過"), LATE("期限後に対応");

    private final String label;

    SlaState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
