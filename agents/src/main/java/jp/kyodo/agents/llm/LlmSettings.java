package jp.kyodo.agents.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection to an OpenAI-compatible chat-completions endpoint (OpenAI, Azure-style gateways, vLLM, Ollama,
 * a government AI platform …).
 *
 * @param baseUrl   e.g. {@code https://api.example/v1}
 * @param timeout   per-request timeout; the concierge also bounds the whole call
 */
public record LlmSettings(String baseUrl, String apiKey, String modelName, Duration timeout, double temperature,
                          int maxTokens) {
    public LlmSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(modelName, "modelName");
        apiKey = apiKey == null ? "" : apiKey;
        timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
        maxTokens = maxTokens <= 0 ? 600 : maxTokens;
    }

    public static LlmSettings of(String baseUrl, String apiKey, String modelName) {
        return new LlmSettings(baseUrl, apiKey, modelName, Duration.ofSeconds(20), 0.0, 600);
    }
}
