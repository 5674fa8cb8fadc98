package jp.kyodo.agents.knowledgebase;

/** Source format of a {@link KnowledgeDocument}; text is extracted before indexing. */
public enum DocumentFormat { PLAIN, MARKDOWN, HTML }
