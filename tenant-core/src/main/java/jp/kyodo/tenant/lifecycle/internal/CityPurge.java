package jp.kyodo.tenant.lifecycle.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.identity.KeycloakAdmin;
import jp.kyodo.tenant.internal.CityRow;
import jp.kyodo.tenant.lifecycle.CityEvent;
import jp.kyodo.tenant.lifecycle.CityLifecycle;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The purge of a city in DELETING, in steps that may each be repeated: (1) the accounts that belong to this city
 * only and hold no platform role, then the city's Keycloak organization; (2) every tenant row (one transaction);
 * (3) what the modules keep outside the database under the city's id (the knowledge index directory), through
 * {@link CityEvent.Kind#DELETED} observers, which must throw when they could not finish; (4) the city becomes
 * DELETED. A failure keeps the city in DELETING with the error recorded; {@link CityPurgeJob} runs it again.
 */
@ApplicationScoped
public class CityPurge {

    private static final Logger LOG = Logger.getLogger(CityPurge.class.getName());
    /** Roles that belong to no city: an account holding one is never removed with a city. */
    static final Set<String> PLATFORM_ROLES = jp.kyodo.tenant.identity.CityRoles.PLATFORM_ROLES;

    @Inject
    CityStore store;
    @Inject
    KeycloakAdmin keycloak;
    @Inject
    CityLifecycle.FirstSteps firstSteps;
    @Inject
    Event<CityEvent> events;
    @Inject
    @ConfigProperty(name = "kyodo.city.purge-lease-seconds", defaultValue = "600")
    int leaseSeconds;

    /** Runs the purge if no other server holds it; true when the city is DELETED now. */
    public boolean run(String code) {
        Optional<CityRow> claimed = store.claimPurge(code, leaseSeconds);
        if (claimed.isEmpty()) {
            return store.find(code).map(r -> r.status == jp.kyodo.tenant.CityStatus.DELETED).orElse(true);
        }
        CityRow row = claimed.get();
        try {
            int accounts = removeAccounts(row);
            int rows = firstSteps.purge(row.id);
            events.fire(new CityEvent(CityEvent.Kind.DELETED, row.toCity()));
            store.finishDeletion(code);
            store.event(row.deletionApprovedBy == null ? "system" : row.deletionApprovedBy, "city.delete", code,
                    Map.of("accounts", String.valueOf(accounts), "rows", String.valueOf(rows),
                            "attempt", String.valueOf(row.purgeAttempts)));
            LOG.info("[kyodo] city " + code + " deleted (attempt " + row.purgeAttempts + "): " + accounts
                    + " accounts, " + rows + " rows");
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] purge of city " + code + " (attempt " + row.purgeAttempts
                    + ") stopped; it is retried: " + e, e);
            try {
                store.purgeFailed(code, e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (RuntimeException recording) {
                LOG.log(Level.WARNING, "[kyodo] could not record the purge failure of " + code
                        + "; the lease runs out and the purge is retried", recording);
            }
            return false;
        }
    }

    /**
     * Removes the accounts of the city's organization that belong to it alone (exactly this one organization) and
     * hold no platform role, then the organization. An account in another city too, or in none, stays.
     */
    private int removeAccounts(CityRow row) {
        if (row.keycloakOrgId == null || !keycloak.findOrganization(row.code).filter(row.keycloakOrgId::equals).isPresent()) {
            return 0; // never had one, or a previous attempt already removed it (with its accounts before it)
        }
        int removed = 0;
        for (KeycloakAdmin.User u : keycloak.members(row.keycloakOrgId)) {
            List<String> orgs = keycloak.organizationsOf(u.id());
            boolean onlyThisCity = orgs.size() == 1 && orgs.get(0).equals(row.keycloakOrgId);
            if (onlyThisCity && keycloak.realmRolesOf(u.id()).stream().noneMatch(PLATFORM_ROLES::contains)) {
                keycloak.deleteUser(u.id());
                removed++;
            }
        }
        keycloak.deleteOrganization(row.keycloakOrgId);
        return removed;
    }
}
