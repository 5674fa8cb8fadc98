/**
 * The city's language model (LLM): its connection ({@link jp.kyodo.agents.llm.LlmSettings}), kept per city with the
 * key encrypted ({@link jp.kyodo.agents.llm.LlmSettingsService}, {@link jp.kyodo.agents.llm.SecretBox}), and where
 * model calls run, bounded per server and per city and never inside a transaction
 * ({@link jp.kyodo.agents.llm.ModelCalls}). Used by the concierge, the reply drafts and the life-event bundles.
 */
package jp.kyodo.agents.llm;
