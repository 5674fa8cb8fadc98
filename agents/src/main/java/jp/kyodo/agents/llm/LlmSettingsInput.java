package jp.kyodo.agents.llm;

/**
 * A change of the city's model connection.
 *
 * @param apiKey      a new API key; null or empty keeps the stored one (unless {@code clearApiKey})
 * @param clearApiKey removes the stored key
 * @param timeoutMs   500–60,000 ms (default 8,000); after it the retrieval answer is used
 */
public record LlmSettingsInput(String provider, String baseUrl, String model, String apiKey, Boolean clearApiKey,
                               Integer timeoutMs) {
}
