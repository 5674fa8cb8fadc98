/**
 * The citizen's pages for life-event bundles ({@code /c/<code>/me/life-events…}): the bundles on offer and mine, and one
 * bundle with its open question, what the record already says, the plan and the prepared drafts. The pages call the same
 * service as the API ({@link jp.kyodo.agents.lifeevents.LifeEventBundles}); the person files each draft on the
 * application's own page.
 */
package jp.kyodo.portal.lifeevents;
