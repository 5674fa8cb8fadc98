package jp.kyodo.tenant.settings;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.Problem;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's module switches, enforced in one place for pages and APIs: a request to a path of a module
 * ({@link Modules#of}) that the request's city has switched off is answered 404 — the city's "page not found" page
 * for pages ({@code /c/<code>/…}), a problem document for the API — as if the module were not installed. Runs after
 * the city is resolved (the tenant filters run at {@code AUTHENTICATION + 10}); requests without a city (vendor,
 * national, cross-city API) are not affected. The settings are read only for paths of a switchable module.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 20)
public class ModuleGate implements ContainerRequestFilter {

    @Inject
    TenantContext tenant;
    @Inject
    CitySettingsService settings;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Optional<String> module = Modules.of(path);
        if (module.isEmpty() || tenant.current().isEmpty() || enabled(module.get())) {
            return;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.startsWith("c/")) {
            throw new NotFoundException();
        }
        request.abortWith(Problem.response(ProblemException.notFound("module " + module.get() + " of this city"),
                request.getUriInfo().getRequestUri().getPath()));
    }

    /** A city without a settings row yet (being created) has the default modules. */
    private boolean enabled(String module) {
        try {
            return settings.current().moduleEnabled(module);
        } catch (ProblemException e) {
            return CitySettings.DEFAULT_MODULES.contains(module);
        }
    }
}
