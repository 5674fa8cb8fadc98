/**
 * The AI concierge: answers a resident's question from the city's retrieved knowledge only, with sources and a
 * confidence, or hands over to a person. {@link jp.kyodo.agents.concierge.Concierge} decides and phrases
 * ({@link jp.kyodo.agents.concierge.ConciergeReply}, {@link jp.kyodo.agents.concierge.ConciergeSettings}; the optional
 * model path is {@link jp.kyodo.agents.concierge.AnswerGenerator}); {@link jp.kyodo.agents.concierge.ConciergeService}
 * runs it for the city of the current request and records conversations, hand-overs
 * ({@link jp.kyodo.agents.concierge.HandoverRequested}) and usage; {@link jp.kyodo.agents.concierge.ReplyDrafts} and
 * {@link jp.kyodo.agents.concierge.KnowledgeSuggestions} serve the staff's case pages.
 * {@link jp.kyodo.agents.concierge.ConciergeResource} is its API ({@code /api/v1/concierge}).
 * Implementation classes live in {@code jp.kyodo.agents.concierge.internal} and are not API.
 */
package jp.kyodo.agents.concierge;
