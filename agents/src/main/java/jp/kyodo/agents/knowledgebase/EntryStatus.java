package jp.kyodo.agents.knowledgebase;

/** Editorial status; only {@link #PUBLISHED} entries are ever retrieved for citizens. */
public enum EntryStatus { DRAFT, PUBLISHED }
