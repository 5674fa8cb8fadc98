package jp.kyodo.agents.programmes;

/** Outcome of evaluating one programme for one household. */
public enum EligibilityStatus {
    /** 対象です. */
    ELIGIBLE("対象"),
    /** 対象外です. */
    NOT_ELIGIBLE("対象外"),
    /** 情報が不足しているため判定できません (see missing inputs). */
    UNKNOWN("要確認（情報不足）"),
    /** 判定できません: the rule failed on this household (see error message for the admin). */
    ERROR("判定できません");

    private final String label;

    EligibilityStatus(String label) { this.label = label; }

    public String label() { return label; }
}
