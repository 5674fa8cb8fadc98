package jp.kyodo.crm.cases;

/** Urgency (優先度); each has a response target the city can change. */
public enum Priority {
    LOW("低", 5 * 24 * 60), NORMAL("通常", 3 * 24 * 60), HIGH("高", 24 * 60), URGENT("緊急", 4 * 60);

    private final String label;
    private final int defaultResponseMinutes;

    Priority(String label, int defaultResponseMinutes) {
        this.label = label;
        this.defaultResponseMinutes = defaultResponseMinutes;
    }

    public String label() {
        return label;
    }

    /** The response target a new city starts with. */
    public int defaultResponseMinutes() {
        return defaultResponseMinutes;
    }
}
