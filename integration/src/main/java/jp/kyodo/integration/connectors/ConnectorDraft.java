package jp.kyodo.integration.connectors;

/**
 * A change to a connector. {@code secret}: null keeps the stored one, "" removes it, anything else replaces it.
 * {@code pollSeconds}: how often an inbound connector is polled (1–86400; default 60).
 */
public record ConnectorDraft(Boolean enabled, String endpoint, String account, String secret, Integer pollSeconds) {
}
