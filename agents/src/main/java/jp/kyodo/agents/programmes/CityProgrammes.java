package jp.kyodo.agents.programmes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;
import jp.kyodo.agents.programmes.internal.RegistryStore;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;

/**
 * The programmes of the current request's city (from {@link TenantContext}): what "my programmes" and the life-event
 * guides evaluate. This is the city's <b>published</b> registry (see {@link CityProgrammeRegistry}): the templates
 * shipped with Kyodo that the city offers (national and its prefecture's, as the city adopted them), its own and
 * derived programmes, without hidden ones. The compiled engine is cached per (city, registry revision), never shared
 * between cities, and replaced when the city publishes.
 */
@ApplicationScoped
public class CityProgrammes {

    @Inject
    TenantContext tenant;
    @Inject
    RegistryStore store;

    /** The engine to evaluate the current city's published programmes with (its registry holds only those). */
    @Transactional
    public EligibilityEngine engine() {
        return store.published().engine();
    }

    /** The current city's published programmes valid on a date (national, its prefecture's and its own). */
    @Transactional
    public List<Programme> offered(LocalDate asOf) {
        City city = tenant.city();
        return engine().registry().offeredIn(city.prefectureCode(), city.code(), asOf);
    }
}
