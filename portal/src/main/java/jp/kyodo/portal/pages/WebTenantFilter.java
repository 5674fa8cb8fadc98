package jp.kyodo.portal.pages;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.CityRoles;
import jp.kyodo.tenant.identity.CitySecurityContext;
import jp.kyodo.tenant.pages.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import java.util.HashSet;
import gg.jte.Content;
import java.util.function.Function;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Refusals;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * Resolves the city of a page once per request from its path ({@code /c/<code>/…}) or, for a
 * city with its own portal host, from the host; a path and host that disagree, or a suspended or
 * unknown city, get a readable page instead, in the person's language.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class WebTenantFilter implements ContainerRequestFilter {

    private static final Pattern CITY_PATH = Pattern.compile("^/?c/([^/]+)(/.*)?$");

    @Inject
    CityDirectory directory;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CityRoles cityRoles;
    @Context
    HttpServletRequest servletRequest;
    @Inject
    PageLanguage language;

    @Override
    public void filter(ContainerRequestContext request) {
        bindCity(request);
        var security = request.getSecurityContext();
        if (security.getUserPrincipal() != null && request.getProperty(ABORTED) == null) {
            // roles held in the request's city (city_member, by subject id) plus platform roles; never the token's
            // city roles, which would hold in every city the person belongs to
            Set<String> roles = new HashSet<>(platformRoles(security));
            Optional<String> subject = SignedIn.subject(servletRequest);
            // a platform role counts only for a sign-in made with a second factor (the consoles' gate says so)
            if (!roles.isEmpty() && !cityRoles.platformSecondFactor(subject.orElse(null))) {
                roles.clear();
            }
            tenant.current().filter(c -> subject.isPresent() && SignedIn.belongsTo(servletRequest, c.code()))
                    .flatMap(c -> cityRoles.roleInCity(subject.get(), sessionAndRole())).ifPresent(roles::add);
            identity.set(security.getUserPrincipal().getName(), subject.orElse(null), roles);
            servletRequest.setAttribute(SignedIn.CITY_ROLES, Set.copyOf(roles));
            request.setSecurityContext(new CitySecurityContext(security, roles));
        }
    }

    private static final String ABORTED = "kyodo.webTenant.aborted";

    /**
     * The caller's platform roles: those of the page session's sign-in when the sign-in filter put them in (the same
     * roles the container answers for it: read from the sign-in's token by isUserInRole), else asked of the container,
     * role by role. Only platform roles, whatever the attribute holds.
     */
    private Set<String> platformRoles(jakarta.ws.rs.core.SecurityContext security) {
        if (servletRequest.getAttribute(SignedIn.PLATFORM_ROLES) instanceof Set<?> ofSignIn) {
            return CityRoles.PLATFORM_ROLES.stream().filter(ofSignIn::contains).collect(Collectors.toSet());
        }
        return CityRoles.PLATFORM_ROLES.stream().filter(security::isUserInRole).collect(Collectors.toSet());
    }

    /**
     * The role read in this request together with the page session's check (deploy/liberty/web's SessionStoreCheck,
     * one statement for both), if it was; {@link CityRoles#roleInCity(String, CityRoles.SessionAndRole)} uses it only
     * for the city bound here and the same subject. Taken once.
     */
    private CityRoles.SessionAndRole sessionAndRole() {
        Object read = servletRequest.getAttribute(CityRoles.SESSION_AND_ROLE);
        servletRequest.removeAttribute(CityRoles.SESSION_AND_ROLE);
        return read instanceof CityRoles.SessionAndRole r ? r : null;
    }

    private void bindCity(ContainerRequestContext request) {
        Matcher m = CITY_PATH.matcher(request.getUriInfo().getPath());
        Optional<City> byHost = directory.byPortalHost(CityDirectory.hostOf(request.getHeaderString("Host")));
        if (!m.matches()) {
            byHost.filter(City::isActive).ifPresent(tenant::bind);
            return;
        }
        Optional<City> city = directory.byCode(m.group(1)).filter(c -> c.status() != jp.kyodo.tenant.CityStatus.DELETED
                && c.status() != jp.kyodo.tenant.CityStatus.PROVISIONING);
        if (city.isEmpty()) {
            request.setProperty(ABORTED, true);
            request.abortWith(refused(404, "refused.noCity.title", t -> t.t("refused.noCity.body")));
            return;
        }
        if (!city.get().isActive()) {
            request.setProperty(ABORTED, true);
            String name = city.get().name();
            request.abortWith(refused(403, "refused.suspended.title", t -> t.t("refused.suspended.body", Ui.japanese(name))));
            return;
        }
        if (byHost.isPresent() && !byHost.get().id().equals(city.get().id())) {
            request.setProperty(ABORTED, true);
            request.abortWith(refused(403, "refused.otherHost.title", t -> t.t("refused.otherHost.body")));
            return;
        }
        tenant.bind(city.get());
    }

    /** A refusal page in the person's language ({@code refused.*} of the portal's messages), in Kyodo's frame. */
    private Response refused(int status, String titleKey, Function<Text, Content> body) {
        Text t = language.text(PortalPages.MESSAGES);
        return Refusals.page(status, t, titleKey, body.apply(t), "/");
    }
}
