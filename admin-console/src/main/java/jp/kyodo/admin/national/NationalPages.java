package jp.kyodo.admin.national;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import jp.kyodo.admin.national.internal.CityStatistics;
import jp.kyodo.admin.pages.AdminPages;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;

/**
 * The national analyst's page ({@code /national/}): the cross-city counts of {@link StatisticsResource} as
 * server-rendered SVG bar charts with the same numbers as a table, counts from 1 to 9 suppressed
 * ({@link SuppressedStatistics}). Counts only: no name, address or account of any person is ever read.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class NationalPages {

    @Inject
    SecurityContext security;
    @Inject
    CityStatistics statistics;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    @GET
    @Path("national/")
    public Response national() throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = AdminPages.platformGate(security, request, t, "refused.national", "national-analyst", "vendor");
        if (gate != null) {
            return gate;
        }
        SuppressedStatistics s = SuppressedStatistics.of(statistics.perCity());
        return AdminPages.page(200, t, t.plain("national.title"), null, "national/statistics.jte",
                Map.of("t", t, "s", s));
    }
}
