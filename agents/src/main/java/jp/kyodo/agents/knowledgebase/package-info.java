/**
 * The city's knowledge base (ナレッジベース) in PostgreSQL: FAQ entries and documents with draft / published state
 * and a version for every change, synonyms, national templates with their updates, CSV/JSON import and export, and
 * the city's LLM connection ({@link jp.kyodo.agents.knowledgebase.KnowledgeBaseService},
 * {@link jp.kyodo.agents.llm.LlmSettingsService}; API {@code /api/v1/knowledge}). Published content is
 * pushed into the city's Lucene index right after each commit. Implementation in {@code .internal}.
 */
package jp.kyodo.agents.knowledgebase;
