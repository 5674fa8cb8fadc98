package jp.kyodo.agents.knowledgebase;

/**
 * A document as an editor writes it (format PLAIN, MARKDOWN or HTML). Saved as a draft unless {@code publish}.
 */
public record KbDocumentInput(String id, String title, String text, String format, String sourceUrl, String language,
                              Boolean publish) {
}
