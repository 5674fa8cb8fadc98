package jp.kyodo.agents.programmes;

/** Kind of registry entry. */
public enum ProgrammeKind {
    /** 給付・手当・助成: has an eligibility rule and usually an amount. */
    BENEFIT,
    /** 届出・手続: a procedure (出生届, 転入届 …); may have no rule. */
    PROCEDURE
}
