package jp.kyodo.tenant;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/** Who is calling in this request (from the verified token or the page session), for audit and checks. */
@RequestScoped
public class RequestIdentity {

    private String username = "anonymous";
    private String subject;
    private Set<String> roles = Set.of();

    public void set(String username, String subject, Set<String> roles) {
        this.username = username == null ? "anonymous" : username;
        this.subject = subject;
        this.roles = Set.copyOf(roles);
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
