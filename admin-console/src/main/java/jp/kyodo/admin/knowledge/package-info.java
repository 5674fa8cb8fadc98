/**
 * The city's knowledge-base administration pages ({@code /c/<code>/admin/knowledge…}) over
 * {@link jp.kyodo.agents.knowledgebase.KnowledgeBaseService} and
 * {@link jp.kyodo.agents.llm.LlmSettingsService}.
 */
package jp.kyodo.admin.knowledge;
