package jp.kyodo.agents.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/** The LangChain4j chat model of a city's connection. */
public final class ChatModels {
    private ChatModels() {
    }

    /** The chat model of an OpenAI-compatible endpoint (no retries: a caller that gets no answer falls back). */
    public static ChatModel of(LlmSettings s) {
        return OpenAiChatModel.builder()
                .baseUrl(s.baseUrl())
                .apiKey(s.apiKey().isEmpty() ? "none" : s.apiKey())
                .modelName(s.modelName())
                .timeout(s.timeout())
                .temperature(s.temperature())
                .maxTokens(s.maxTokens())
                .maxRetries(0)
                .build();
    }
}
