package jp.kyodo.agents.programmes;

/** Role of a person in the household (世帯での続柄区分). */
public enum Role {
    /** 親 (parent / guardian). */
    PARENT("parent"),
    /** 子 (child). */
    CHILD("child"),
    /** 祖父母 (grandparent). */
    GRANDPARENT("grandparent"),
    /** その他の世帯員. */
    OTHER("other");

    private final String ruleName;

    Role(String ruleName) { this.ruleName = ruleName; }

    /** Name used in rules ({@code c.role == 'child'}). */
    public String ruleName() { return ruleName; }
}
