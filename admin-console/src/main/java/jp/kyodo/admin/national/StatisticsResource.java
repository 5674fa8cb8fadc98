package jp.kyodo.admin.national;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import jp.kyodo.admin.national.internal.CityStatistics;
import jp.kyodo.tenant.CrossTenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Cross-city statistics for national programme staff (全国集計): counts only, never personal data. */
@Path("v1/statistics")
@CrossTenant
@RolesAllowed({"national-analyst", "vendor"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statistics", description = "Aggregated, anonymous statistics across cities")
public class StatisticsResource {

    @Inject
    CityStatistics statistics;

    @GET
    @Path("cities")
    @Operation(summary = "Per-city counts: accounts by kind, published notices, audit events in 30 days")
    public List<CityStatistics.Row> cities() {
        return statistics.perCity();
    }
}
