package jp.kyodo.agents.llm;

import java.time.OffsetDateTime;

/**
 * The city's model connection as the API shows it: the API key only as {@code set} / {@code not set}.
 *
 * @param provider  {@code none} (answers from the knowledge base only) or {@code openai-compatible}
 * @param apiKey    "set" or "not set"; the key itself is never returned
 */
public record LlmSettingsView(String provider, String baseUrl, String model, String apiKey, int timeoutMs,
                              OffsetDateTime updatedAt, String updatedBy) {
}
