package jp.kyodo.tenant.identity;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.HashSet;
import java.util.Set;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The role check of a {@link RoleCheckedInTransaction} method, run inside {@code @Transactional}'s interceptor
 * ({@code PLATFORM_BEFORE + 200}; this one is {@code + 300}), so the role is read as the transaction's first statement.
 * Fails closed: no city bound, no subject, or none of the method's roles held in the city → 403, and the method does
 * not run. Without a transaction (a method not marked {@code @Transactional}) the role is read all the same, alone.
 */
@RoleCheckedInTransaction({})
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 300)
public class RoleInTransactionInterceptor {

    @Inject
    CityRoles cityRoles;
    @Inject
    RequestIdentity identity;
    @Inject
    TenantContext tenant;

    @AroundInvoke
    Object checkRole(InvocationContext call) throws Exception {
        RoleCheckedInTransaction rule = call.getMethod().getAnnotation(RoleCheckedInTransaction.class);
        if (rule == null) {
            rule = call.getMethod().getDeclaringClass().getAnnotation(RoleCheckedInTransaction.class);
        }
        String subject = identity.subject();
        if (rule == null || rule.value().length == 0 || subject == null || tenant.current().isEmpty()) {
            throw refused();
        }
        Set<String> roles = new HashSet<>(identity.roles());
        cityRoles.roleInCity(subject).ifPresent(roles::add);
        identity.set(identity.username(), subject, roles);
        for (String allowed : rule.value()) {
            if (roles.contains(allowed)) {
                identity.markRoleCheckedInTransaction();
                return call.proceed();
            }
        }
        throw refused();
    }

    static ProblemException refused() {
        return ProblemException.forbidden("role-required", "この操作に必要な役割をこの自治体で持っていません",
                "you do not hold a role in this city that allows this operation");
    }
}
