package jp.kyodo.agents.knowledge;

/** Source format of a {@link KnowledgeDocument}; text is extracted before indexing. */
public enum DocumentFormat { PLAIN, MARKDOWN, HTML }
