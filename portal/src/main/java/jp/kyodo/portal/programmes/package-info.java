/**
 * "My programmes & events": the city's programmes evaluated for the signed-in citizen's household
 * ({@code /c/<code>/me/programmes}) and the life-event guides ({@code /c/<code>/life-events}), which work signed out.
 * Programmes come only from {@link jp.kyodo.agents.programmes.CityProgrammes}.
 */
package jp.kyodo.portal.programmes;
