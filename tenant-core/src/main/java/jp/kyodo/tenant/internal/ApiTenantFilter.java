package jp.kyodo.tenant.internal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.CrossTenant;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.CityRoles;
import jp.kyodo.tenant.identity.RoleCheckedInServiceTransaction;
import jp.kyodo.tenant.identity.RoleCheckedInTransaction;
import jp.kyodo.tenant.identity.CitySecurityContext;
import jp.kyodo.tenant.problem.Problem;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the city of an API request once, from the verified token's Keycloak organization claim:
 * exactly one organization, known, ACTIVE, and agreeing with the host when the host is a city's
 * portal host. A request without a valid token gets 401, anything else 403, before a resource
 * runs. Resources marked
 * {@link CrossTenant} get no city.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class ApiTenantFilter implements ContainerRequestFilter {

    public static final String ORGANIZATION_CLAIM = "organization";

    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CityDirectory directory;
    @Inject
    CityRoles cityRoles;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        JsonWebToken jwt = request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken t ? t : null;
        boolean authenticated = jwt != null && jwt.getRawToken() != null;
        try {
            if (isCrossTenant()) {
                // platform resources: only the platform roles of the token count
                admit(request, jwt, authenticated);
                return;
            }
            if (!authenticated) {
                throw new ProblemException(401, "unauthenticated", "ログインが必要です", "Authentication required",
                        "有効なアクセストークンを指定してください。 Send a valid bearer token.");
            }
            List<String> orgs = organizations(jwt.getClaim(ORGANIZATION_CLAIM));
            if (orgs.isEmpty()) {
                throw refuse("no-organization", "トークンに自治体（組織）がありません", "the token names no city organization");
            }
            if (orgs.size() > 1) {
                throw refuse("several-organizations", "トークンに複数の自治体が含まれています。1つを選んでください",
                        "the token names several cities; ask for one with scope organization:<code>");
            }
            String code = orgs.get(0);
            City city = directory.byCode(code).orElseThrow(() -> refuse("unknown-city",
                    "自治体 " + code + " は本基盤に登録されていません", "city " + code + " is not on this platform"));
            switch (city.status()) {
                case ACTIVE -> { }
                case SUSPENDED -> throw refuse("city-suspended", "この自治体の利用は停止されています", "this city is suspended");
                default -> throw refuse("unknown-city", "この自治体は本基盤に登録されていません", "the token's city is not on this platform");
            }
            String host = CityDirectory.hostOf(request.getHeaderString("Host"));
            Optional<City> byHost = directory.byPortalHost(host);
            if (byHost.isPresent() && !byHost.get().id().equals(city.id())) {
                throw refuse("host-mismatch", "アクセス先の自治体とトークンの自治体が一致しません",
                        "the host belongs to another city than the token");
            }
            tenant.bind(city);
            admit(request, jwt, true);
        } catch (ProblemException e) {
            request.abortWith(Problem.response(e, request.getUriInfo().getRequestUri().getPath()));
        }
    }

    /**
     * Installs the caller's roles in the request's city (none of the token's city roles: see {@link CityRoles}) into
     * the request identity and the JAX-RS security context, and applies the resource's {@code @RolesAllowed} to them
     * here, so that no role from the token's realm roles can admit a caller to a city resource.
     */
    private void admit(ContainerRequestContext request, JsonWebToken jwt, boolean authenticated) {
        // a platform role counts only for a sign-in made with a second factor (CityRoles#platformSecondFactor)
        Set<String> claimed = authenticated ? CityRoles.platformRoles(jwt.getGroups()) : Set.of();
        boolean factorMissing = !claimed.isEmpty()
                && !cityRoles.platformSecondFactor(jwt.getSubject());
        Set<String> tokenRoles = !authenticated || factorMissing ? Set.of() : jwt.getGroups();
        // a method that reads the role in its own transaction (RoleCheckedInTransaction) gets only the platform roles
        // here; its interceptor adds the city role, or refuses, as the transaction's first statement
        Set<String> roles = !authenticated ? Set.of() : roleInItsTransaction() && tenant.current().isPresent()
                ? CityRoles.platformRoles(tokenRoles) : cityRoles.rolesOf(jwt.getSubject(), tokenRoles);
        if (authenticated) {
            identity.set(jwt.getClaim("preferred_username"), jwt.getSubject(), roles);
            request.setSecurityContext(new CitySecurityContext(request.getSecurityContext(), roles));
        }
        if (resource != null && !CitySecurityContext.permits(resource.getResourceMethod(), resource.getResourceClass(),
                roles)) {
            if (!authenticated) {
                throw new ProblemException(401, "unauthenticated", "ログインが必要です", "Authentication required",
                        "有効なアクセストークンを指定してください。 Send a valid bearer token.");
            }
            if (factorMissing && CitySecurityContext.permits(resource.getResourceMethod(), resource.getResourceClass(),
                    claimed)) {
                throw refuse("second-factor-required",
                        "運営事業者・全国集計の役割には2段階認証（認証アプリ）が必要です。認証アプリを設定し、そのコードでログインし直してください",
                        "the vendor and national-analyst roles need a second factor: set up an authenticator app and sign in"
                                + " again with its code");
            }
            throw refuse("role-required", "この操作に必要な役割をこの自治体で持っていません",
                    "you do not hold a role in this city that allows this operation");
        }
    }

    private boolean roleInItsTransaction() {
        return resource != null && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(RoleCheckedInTransaction.class)
                || resource.getResourceMethod().isAnnotationPresent(RoleCheckedInServiceTransaction.class));
    }

    private boolean isCrossTenant() {
        if (resource == null || resource.getResourceMethod() == null) {
            return false;
        }
        return resource.getResourceMethod().isAnnotationPresent(CrossTenant.class)
                || resource.getResourceClass().isAnnotationPresent(CrossTenant.class);
    }

    static ProblemException refuse(String type, String ja, String en) {
        return ProblemException.forbidden(type, ja, en);
    }

    /** The organization aliases in the claim: a JSON object keyed by alias, or a list of aliases. */
    static List<String> organizations(Object claim) {
        Set<String> out = new HashSet<>();
        if (claim instanceof JsonObject o) {
            out.addAll(o.keySet());
        } else if (claim instanceof java.util.Map<?, ?> m) {
            m.keySet().forEach(k -> out.add(String.valueOf(k)));
        } else if (claim instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s && s.strip().startsWith("{")) {
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(s))) {
                out.addAll(reader.readObject().keySet());
            }
        } else if (claim instanceof String s) {
            out.add(s);
        } else if (claim instanceof Iterable<?> it) {
            it.forEach(x -> out.add(String.valueOf(x)));
        }
        return new ArrayList<>(out);
    }

}
