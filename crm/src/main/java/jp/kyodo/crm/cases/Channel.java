package jp.kyodo.crm.cases;

/** How an inquiry reached the city (受付チャネル). */
public enum Channel {
    CONCIERGE("AIコンシェルジュ"), WEB_FORM("問い合わせフォーム"), PHONE("電話"), EMAIL("メール"), COUNTER("窓口"),
    /** An application filed on マイナポータル, pulled by the integration module (until the applications capability takes it). */
    MYNAPORTAL("マイナポータル");

    private final String label;

    Channel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
