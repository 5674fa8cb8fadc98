package jp.kyodo.admin.pages;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.PageLanguage;

/**
 * The one gate of the city administration's pages ({@link CityAdminOnly}), run after the resource method is matched,
 * so that the page methods start with their work.
 */
@Provider
@CityAdminOnly
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class CityAdminGate implements ContainerRequestFilter {

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext context) {
        CityAdminOnly marked = resource.getResourceMethod().getAnnotation(CityAdminOnly.class);
        if (marked == null) {
            marked = resource.getResourceClass().getAnnotation(CityAdminOnly.class);
        }
        String code = context.getUriInfo().getPathParameters().getFirst("code");
        Response refused = AdminPages.cityGate(security, request, language.text(AdminPages.MESSAGES), tenant.city(), code,
                marked.roles());
        if (refused != null) {
            context.abortWith(refused);
        }
    }
}
