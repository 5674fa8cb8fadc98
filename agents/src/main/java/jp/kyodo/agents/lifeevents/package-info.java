/**
 * Life-event agents (ライフイベント): a bundle ({@link jp.kyodo.agents.lifeevents.BundleDefinition}, YAML under
 * {@code lifeevents/}, {@link jp.kyodo.agents.lifeevents.BundleCatalogue}) says which procedures a birth, a move or a
 * death needs, which questions to ask once, and in which order to file.
 * {@link jp.kyodo.agents.lifeevents.LifeEventBundles} keeps a person's bundle per city (walked by a deterministic
 * planner, or phrased by the city's model through {@link jp.kyodo.agents.lifeevents.BundleTurns}) and acts only through
 * the declared tool set {@link jp.kyodo.agents.lifeevents.AgentTools}, which cannot submit or sign: submission is the
 * person's own act through {@link jp.kyodo.agents.lifeevents.PersonConfirmation}.
 * {@link jp.kyodo.agents.lifeevents.BundleOperators} lets staff continue a bundle that needs help. APIs:
 * {@code /api/v1/my/life-events} ({@link jp.kyodo.agents.lifeevents.LifeEventBundlesResource}) and the operators'
 * ({@link jp.kyodo.agents.lifeevents.BundleOperatorsResource}). The planner, the bundle reader, the entities and the
 * abandoned-bundle sweep live in {@code .internal}.
 */
package jp.kyodo.agents.lifeevents;
