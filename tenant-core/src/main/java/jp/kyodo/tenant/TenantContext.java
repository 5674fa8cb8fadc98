package jp.kyodo.tenant;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The city of the current request. Filled once by the tenant filter (from the token's organization
 * claim or the portal's host/path) and read by the database binding, which hands it to PostgreSQL
 * for row-level security. Feature code asks for the city here and never takes a tenant id from input.
 */
@RequestScoped
public class TenantContext {

    private City city;

    /** The city of this request, or a 403 problem when the request has none. */
    public City city() {
        if (city == null) {
            throw new TenantRequiredException();
        }
        return city;
    }

    public Optional<City> current() {
        return Optional.ofNullable(city);
    }

    public Optional<UUID> tenantId() {
        return current().map(City::id);
    }

    /** Called by the tenant filters only. */
    public void bind(City resolved) {
        if (city != null && !city.id().equals(resolved.id())) {
            throw new IllegalStateException("tenant already bound for this request");
        }
        this.city = resolved;
    }

    /**
     * Runs platform work (vendor onboarding, export, import) as the given city. The work must open
     * its own transaction inside, because the database binds the city once per transaction.
     */
    public <T> T runAs(City target, Supplier<T> work) {
        City previous = city;
        city = target;
        try {
            return work.get();
        } finally {
            city = previous;
        }
    }
}
