/**
 * Per-city knowledge base and the AI concierge core.
 *
 * <p>Plain records describe a city's knowledge ({@link jp.kyodo.agents.knowledgebase.FaqEntry},
 * {@link jp.kyodo.agents.knowledgebase.KnowledgeDocument}, {@link jp.kyodo.agents.knowledgebase.SynonymGroup},
 * bundled as {@link jp.kyodo.agents.knowledgebase.CityKnowledge}). {@link jp.kyodo.agents.retrieval.KnowledgeIndexes}
 * holds one Lucene index per tenant; {@link jp.kyodo.agents.retrieval.KnowledgeIndex} is the view of exactly one
 * tenant, so a search can never be pointed at another city by the question text. {@link jp.kyodo.agents.concierge.Concierge}
 * answers from retrieved entries only (with sources and a confidence) or hands over to a person;
 * {@link jp.kyodo.agents.concierge.AnswerGenerator} is the optional LLM path. {@link jp.kyodo.agents.knowledgebase.KnowledgeCsv}
 * and {@link jp.kyodo.agents.knowledgebase.KnowledgeJson} import and export.
 * Implementation classes live in {@code jp.kyodo.agents.knowledge.internal} and are not API.
 */
package jp.kyodo.agents.knowledge;
