package jp.kyodo.portal.profile;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.PageLanguage;

/** The gate of every {@link CitizenPage}: runs after the resource method is matched, so the path's city is known. */
@Provider
@CitizenPage
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class CitizenPageGate implements ContainerRequestFilter {

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        String code = context.getUriInfo().getPathParameters().getFirst("code");
        SignedInCitizen.refuse(security, request, tenant.city(), code, language).ifPresent(context::abortWith);
    }
}
