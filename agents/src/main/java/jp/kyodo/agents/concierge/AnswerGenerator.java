package jp.kyodo.agents.concierge;

import jp.kyodo.agents.retrieval.SearchHit;
import java.util.List;

/**
 * Optional LLM path: writes an answer from the retrieved passages only, citing them. Implementations may fail or be
 * slow; the {@link Concierge} then falls back to the retrieval answer.
 */
public interface AnswerGenerator {

    /** @param passages the retrieved passages of the caller's tenant, best first; the only material allowed */
    GeneratedAnswer generate(String question, String language, List<SearchHit> passages) throws Exception;

    /** A short name for logs and the reply (e.g. the model name). */
    String name();

    /**
     * @param text           the answer, citations included
     * @param citedEntryIds  ids of the passages the answer cites (each one of the given passages)
     */
    record GeneratedAnswer(String text, List<String> citedEntryIds) {
        public GeneratedAnswer {
            citedEntryIds = List.copyOf(citedEntryIds);
        }
    }
}
