package jp.kyodo.crm.pages;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;

/** The gates of the contact centre's pages ({@link StaffOnly}), run after the resource method is matched. */
public final class StaffPageGates {

    private StaffPageGates() {
    }

    /** Signed in to the URL's city as operator, staff or city admin. */
    @Provider
    @StaffOnly
    @Priority(Priorities.AUTHORIZATION)
    @ApplicationScoped
    public static class Staff implements ContainerRequestFilter {

        @Inject
        SecurityContext security;
        @Inject
        TenantContext tenant;
        @Context
        HttpServletRequest request;
        @Override
        public void filter(ContainerRequestContext context) {
            String code = context.getUriInfo().getPathParameters().getFirst("code");
            Response refused = StaffPage.gate(security, request, tenant.city(), code);
            if (refused != null) {
                context.abortWith(refused);
            }
        }
    }

    /** After {@link Staff}: changes of the contact-centre settings are for city administrators. */
    @Provider
    @StaffOnly.CityAdmin
    @Priority(Priorities.AUTHORIZATION + 10)
    @ApplicationScoped
    public static class CityAdmin implements ContainerRequestFilter {

        @Inject
        RequestIdentity identity;
        @Inject
        TenantContext tenant;

        @Override
        public void filter(ContainerRequestContext context) {
            // the role held in this city (set by the page tenant filter), never a role of the token
            if (!identity.hasRole("city-admin")) {
                City city = tenant.city();
                jp.kyodo.tenant.pages.Text t = StaffPage.text();
                context.abortWith(StaffPage.message(403, city, t, "staff.refused.role.title", t.t("staff.refused.admin"),
                        "/c/" + city.code() + "/staff/settings", t.t("staff.refused.admin.link")));
            }
        }
    }
}
