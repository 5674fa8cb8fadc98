/**
 * The citizen's "my page" (マイページ): profile, household, consents and inbox, as server-rendered forms that work
 * without JavaScript. Every page checks that the signed-in person belongs to the city of the URL.
 */
package jp.kyodo.portal.profile;
