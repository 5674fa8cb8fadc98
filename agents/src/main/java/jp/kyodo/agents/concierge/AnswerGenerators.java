package jp.kyodo.agents.concierge;

import dev.langchain4j.model.chat.ChatModel;
import jp.kyodo.agents.concierge.internal.ChatModelAnswerGenerator;
import jp.kyodo.agents.llm.ChatModels;
import jp.kyodo.agents.llm.LlmSettings;

/** Ready-made {@link AnswerGenerator}s over LangChain4j chat models. */
public final class AnswerGenerators {
    private AnswerGenerators() {
    }

    /** Any LangChain4j chat model (private, commercial, government …). */
    public static AnswerGenerator of(ChatModel model, String name) {
        return new ChatModelAnswerGenerator(model, name);
    }

    /** An OpenAI-compatible endpoint via {@code langchain4j-open-ai} ({@link ChatModels#of}). */
    public static AnswerGenerator openAiCompatible(LlmSettings s) {
        return new ChatModelAnswerGenerator(ChatModels.of(s), s.modelName());
    }
}
