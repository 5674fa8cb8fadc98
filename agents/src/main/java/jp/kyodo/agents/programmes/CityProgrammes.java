package jp.kyodo.agents.programmes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;

/**
 * The programmes of the current request's city (from {@link TenantContext}): what "my programmes" and the life-event
 * guides evaluate. Today these are the templates shipped with Kyodo that are offered at the city's residence; the
 * city's own published registry replaces them when the city edits its programmes.
 */
@ApplicationScoped
public class CityProgrammes {

    @Inject
    TenantContext tenant;
    @Inject
    EligibilityEngine templates;

    /** The engine to evaluate the current city's programmes with. */
    public EligibilityEngine engine() {
        return templates;
    }

    /** The current city's programmes valid on a date (national, its prefecture's and its own). */
    public List<Programme> offered(LocalDate asOf) {
        City city = tenant.city();
        return engine().registry().offeredIn(city.prefectureCode(), city.code(), asOf);
    }
}
