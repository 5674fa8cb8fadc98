package jp.kyodo.agents.knowledge;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import jp.kyodo.agents.knowledge.internal.ChatModelAnswerGenerator;

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
        ChatModel model = OpenAiChatModel.builder()
                .baseUrl(s.baseUrl())
                .apiKey(s.apiKey().isEmpty() ? "none" : s.apiKey())
                .modelName(s.modelName())
                .timeout(s.timeout())
                .temperature(s.temperature())
                .maxTokens(s.maxTokens())
                .maxRetries(0)
                .build();
        return new ChatModelAnswerGenerator(model, s.modelName());
    }
}
