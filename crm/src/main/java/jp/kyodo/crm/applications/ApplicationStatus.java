package jp.kyodo.crm.applications;

/** Where an application stands, as the citizen's timeline shows it. */
public enum ApplicationStatus {
    DRAFT("下書き", "Draft"),
    SUBMITTED("受付", "Received"),
    IN_REVIEW("審査中", "Under review"),
    INFO_REQUESTED("追加書類のお願い", "More information needed"),
    APPROVED("決定", "Approved"),
    REJECTED("却下", "Rejected"),
    WITHDRAWN("取下げ", "Withdrawn");

    private final String ja;
    private final String en;

    ApplicationStatus(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }

    /** Filed and not yet decided: the city is working on it. */
    public boolean open() {
        return this == SUBMITTED || this == IN_REVIEW || this == INFO_REQUESTED;
    }

    public boolean decided() {
        return this == APPROVED || this == REJECTED;
    }
}
