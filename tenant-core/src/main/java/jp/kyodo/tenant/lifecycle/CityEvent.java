package jp.kyodo.tenant.lifecycle;

import jp.kyodo.tenant.City;

/**
 * Fired (synchronously, CDI) by {@link CityLifecycle} when a city became ACTIVE for the first time ({@code CREATED},
 * after its first steps committed) or was deleted ({@code DELETED}, after its rows were purged). Modules observe it
 * to seed or remove what they keep for a city outside the tenant tables (e.g. the knowledge index directory). An
 * observer of CREATED must not throw: it runs after the city exists. An observer of DELETED must be idempotent and
 * must throw when it could not finish: the purge then stays in DELETING and runs (all observers) again later.
 */
public record CityEvent(Kind kind, City city) {
    public enum Kind { CREATED, DELETED }
}
