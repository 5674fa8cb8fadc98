package jp.kyodo.tenant.bench;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CrossTenant;
import jp.kyodo.tenant.DevMode;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The floor of one server, for {@code bench/one-server}: one JAX-RS resource doing one indexed query
 * ({@code city_member} by {@code (tenant_id, keycloak_user_id)}) in one transaction under the same tenant binding as
 * every request ({@code set_config('app.tenant_id', …, true)}, row-level security). The city is resolved once and kept
 * in this resource, so nothing but the binding and the query is left: what a page or API call costs beyond this is
 * the platform's own work.
 *
 * <p>Never reachable in production: answers 404 unless {@code kyodo.bench.reference-endpoint=true} AND dev mode
 * ({@code KYODO_DEV_MODE}) is on; only the benchmark sets the flag.
 */
@Path("v1/bench/reference")
@CrossTenant
@PermitAll
public class ReferenceResource {

    private static final Map<String, City> CITIES = new ConcurrentHashMap<>();

    @Inject
    @ConfigProperty(name = "kyodo.bench.reference-endpoint", defaultValue = "false")
    boolean enabled;
    @Inject
    TenantContext tenant;
    @Inject
    ReferenceQuery query;

    @GET
    @Path("{code}")
    @org.eclipse.microprofile.openapi.annotations.Operation(hidden = true)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("code") String code, @QueryParam("sub") String subject) {
        if (!enabled || !DevMode.on()) {
            throw new NotFoundException();
        }
        City city = CITIES.computeIfAbsent(code, c -> query.city(c).orElseThrow(NotFoundException::new));
        long n = tenant.runAs(city, () -> query.members(subject == null ? "" : subject));
        return Map.of("city", city.code(), "members", n);
    }
}
