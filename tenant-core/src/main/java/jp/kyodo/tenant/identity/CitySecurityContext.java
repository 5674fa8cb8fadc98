package jp.kyodo.tenant.identity;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;

/**
 * The JAX-RS security context of a request after the tenant filter: the same principal (the verified token), but
 * {@link #isUserInRole} answers from the roles held in the request's city ({@link CityRoles}) instead of the token's
 * realm roles, so {@code @RolesAllowed} and {@code isUserInRole} in resources mean "in this city".
 */
public final class CitySecurityContext implements SecurityContext {

    private final SecurityContext original;
    private final Set<String> roles;

    public CitySecurityContext(SecurityContext original, Set<String> roles) {
        this.original = original;
        this.roles = Set.copyOf(roles);
    }

    @Override
    public Principal getUserPrincipal() {
        return original.getUserPrincipal();
    }

    @Override
    public boolean isUserInRole(String role) {
        return roles.contains(role);
    }

    @Override
    public boolean isSecure() {
        return original.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
        return original.getAuthenticationScheme();
    }

    /**
     * Whether the method's security annotations ({@code @DenyAll}, {@code @PermitAll}, {@code @RolesAllowed} on the
     * method, else on the class) let a caller with these roles in.
     */
    public static boolean permits(Method method, Class<?> type, Set<String> roles) {
        if (method == null) {
            return true;
        }
        if (method.isAnnotationPresent(DenyAll.class)) {
            return false;
        }
        if (method.isAnnotationPresent(PermitAll.class)) {
            return true;
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null && type != null) {
            if (type.isAnnotationPresent(DenyAll.class)) {
                return false;
            }
            if (type.isAnnotationPresent(PermitAll.class)) {
                return true;
            }
            allowed = type.getAnnotation(RolesAllowed.class);
        }
        if (allowed == null) {
            return true;
        }
        for (String r : allowed.value()) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
