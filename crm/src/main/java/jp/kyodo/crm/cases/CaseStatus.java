package jp.kyodo.crm.cases;

/**
 * Where a case stands. NEW: in a queue, nobody has it. ASSIGNED: a person took it. WAITING_FOR_CITIZEN: staff replied
 * and wait for the citizen (a citizen's message puts it back to ASSIGNED, or NEW/ESCALATED when nobody has it).
 * ESCALATED: handed to a department's queue (tier 3), nobody there has taken it yet. RESOLVED: answered; a citizen's
 * message reopens it. CLOSED: final, nothing more is added.
 */
public enum CaseStatus {
    NEW("新規", "受付済み"),
    ASSIGNED("対応中", "対応中"),
    WAITING_FOR_CITIZEN("市民の返信待ち", "回答済み（ご返信をお待ちしています）"),
    ESCALATED("担当課へ引継ぎ", "担当課で対応中"),
    RESOLVED("解決", "回答済み"),
    CLOSED("完了", "完了");

    private final String staffLabel;
    private final String citizenLabel;

    CaseStatus(String staffLabel, String citizenLabel) {
        this.staffLabel = staffLabel;
        this.citizenLabel = citizenLabel;
    }

    public String staffLabel() {
        return staffLabel;
    }

    public String citizenLabel() {
        return citizenLabel;
    }

    /** Still needs work from the city. */
    public boolean isOpen() {
        return this == NEW || this == ASSIGNED || this == ESCALATED;
    }

    public boolean isFinished() {
        return this == RESOLVED || this == CLOSED;
    }
}
