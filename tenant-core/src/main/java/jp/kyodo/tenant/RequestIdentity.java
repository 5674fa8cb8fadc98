package jp.kyodo.tenant;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/** Who is calling in this request (from the verified token or the page session), for audit and checks. */
@RequestScoped
public class RequestIdentity {

    private String username = "anonymous";
    private String subject;
    private Set<String> roles = Set.of();
    private boolean roleCheckedInTransaction;

    public void set(String username, String subject, Set<String> roles) {
        this.username = username == null ? "anonymous" : username;
        this.subject = subject;
        this.roles = Set.copyOf(roles);
    }

    /**
     * Marks that a {@link jp.kyodo.tenant.identity.RoleCheckedInTransaction} rule read the caller's role in the city and
     * admitted this request. A resource method that leaves its role check to the service it calls
     * ({@link jp.kyodo.tenant.identity.RoleCheckedInServiceTransaction}) answers only if this was marked.
     */
    public void markRoleCheckedInTransaction() {
        this.roleCheckedInTransaction = true;
    }

    public boolean roleCheckedInTransaction() {
        return roleCheckedInTransaction;
    }

    public String username() {
        return username;
    }

    public String subject() {
        return subject;
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The most privileged city role held, for the audit trail. */
    public String mainRole() {
        for (String r : new String[] {"vendor", "national-analyst", "city-admin", "staff", "operator", "citizen"}) {
            if (roles.contains(r)) {
                return r;
            }
        }
        return null;
    }
}
