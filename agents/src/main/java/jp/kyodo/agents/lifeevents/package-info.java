/**
 * Life-event agents (ライフイベント): a bundle ({@link jp.kyodo.agents.lifeevents.BundleDefinition}, YAML under
 * {@code lifeevents/}) says which procedures a birth, a move or a death needs, which questions to ask once, and in
 * which order to file. {@link jp.kyodo.agents.lifeevents.Planner} walks it deterministically;
 * {@link jp.kyodo.agents.lifeevents.LifeEventBundles} keeps a person's bundle per city and acts only through the
 * declared tool set {@link jp.kyodo.agents.lifeevents.AgentTools}, which cannot submit or sign: submission is the
 * person's own act through {@link jp.kyodo.agents.lifeevents.PersonConfirmation}. API: {@code /api/v1/my/life-events}.
 */
package jp.kyodo.agents.lifeevents;
