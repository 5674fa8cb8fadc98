package jp.kyodo.agents.concierge;

import jp.kyodo.agents.llm.LlmSettings;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import jp.kyodo.agents.concierge.internal.ChatModelAnswerGenerator;

/** Ready-made {@link AnswerGenerator}s over LangChain4j chat models. */
public final class AnswerGenerators {
    private AnswerGenerators() {
    }

    /** Any LangChain4j chat model (private, commercial, government …). */
    public static AnswerGenerator of(ChatModel model, String name) {
        return new ChatModelAnswerGenerator(model, name);
    }

    /** An OpenAI-compatible endpoint via {@code langchain4j-open-ai}. */
    public static AnswerGenerator openAiCompatible(LlmSettings s) {
        return new ChatModelAnswerGenerator(chatModel(s), s.modelName());
    }

    /** The chat model of an OpenAI-compatible endpoint (no retries: a caller that gets no answer falls back). */
    public static ChatModel chatModel(LlmSettings s) {
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
