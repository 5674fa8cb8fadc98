package jp.kyodo.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import jp.kyodo.tenant.internal.CityRegistryCache;

/**
 * Looks cities up in the registry. Global data (names and codes), read before any city is bound. Served from an
 * in-memory copy of the whole registry ({@link CityRegistryCache}: ≈ 1,900 rows at most), so the tenant filters resolve
 * a city without a database transaction; the copy is dropped whenever a city row is inserted, changed or removed on
 * this server, and within {@code kyodo.cache.city-registry-check-seconds} (1 s) after a change made elsewhere.
 */
@ApplicationScoped
public class CityDirectory {

    @Inject
    CityRegistryCache registry;

    public Optional<City> byCode(String code) {
        if (!sixDigits(code)) {
            return Optional.empty();
        }
        return Optional.ofNullable(registry.current().byCode().get(code));
    }

    /**
     * Six ASCII digits, checked by hand: every city page asks twice (the sign-in filter and the tenant filter), and
     * {@code String.matches} compiled the pattern on every call (JFR, session 18: ≈ 1 % of a signed-in page).
     */
    static boolean sixDigits(String code) {
        if (code == null || code.length() != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public Optional<City> byPortalHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(registry.current().byHost().get(host.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The host name of a Host header, lower case, without port (IPv6 literals kept whole). */
    public static String hostOf(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String h = hostHeader.strip().toLowerCase(java.util.Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
    }

    /** Every city not deleted, in code order. */
    public List<City> all() {
        return registry.current().ordered().stream().filter(c -> c.status() != CityStatus.DELETED).toList();
    }

    /** The ACTIVE cities, in code order. */
    public List<City> active() {
        return registry.current().ordered().stream().filter(City::isActive).toList();
    }
}
