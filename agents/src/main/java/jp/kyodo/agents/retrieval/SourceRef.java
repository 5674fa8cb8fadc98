package jp.kyodo.agents.retrieval;

/** A cited source: the entry (or document) id, its title and URL. */
public record SourceRef(String entryId, String title, String url) {
}
