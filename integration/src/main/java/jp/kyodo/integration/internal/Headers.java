package jp.kyodo.integration.internal;

/** Message headers the integration routes use. */
final class Headers {
    static final String CITY = "KyodoCity";
    static final String PARTNER = "KyodoPartner";
    static final String MESSAGE_ID = "KyodoMessageId";
    static final String OUTBOX_ID = "KyodoOutboxId";
    static final String ATTEMPTS = "KyodoAttempts";
    static final String TOPIC = "KyodoTopic";
    static final String KEY = "KyodoMessageKey";
    static final String OUTCOME = "KyodoOutcome";

    private Headers() {
    }
}
