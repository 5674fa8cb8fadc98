/**
 * The city's knowledge base (ナレッジベース): what the city says. The records of its content
 * ({@link jp.kyodo.agents.knowledgebase.FaqEntry}, {@link jp.kyodo.agents.knowledgebase.KnowledgeDocument},
 * {@link jp.kyodo.agents.knowledgebase.SynonymGroup}, bundled as {@link jp.kyodo.agents.knowledgebase.CityKnowledge}
 * of one {@link jp.kyodo.agents.knowledgebase.TenantId}), its import/export formats
 * ({@link jp.kyodo.agents.knowledgebase.KnowledgeCsv}, {@link jp.kyodo.agents.knowledgebase.KnowledgeJson}), the
 * national templates ({@link jp.kyodo.agents.knowledgebase.TemplateCatalogue}) and the demo cities' knowledge.
 * {@link jp.kyodo.agents.knowledgebase.KnowledgeBaseService} keeps it in PostgreSQL with draft / published state and a
 * version for every change, and pushes published content into the city's search index after each commit
 * ({@link jp.kyodo.agents.retrieval.KnowledgeBases}); {@link jp.kyodo.agents.knowledgebase.KnowledgeBaseResource} is
 * its API ({@code /api/v1/knowledge}). Entities, validation and uploads live in {@code .internal}.
 */
package jp.kyodo.agents.knowledgebase;
