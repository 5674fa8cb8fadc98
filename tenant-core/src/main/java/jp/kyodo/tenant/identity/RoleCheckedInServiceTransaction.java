package jp.kyodo.tenant.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method whose role is checked by the service method it calls, not by itself: that service method carries
 * {@link RoleCheckedInTransaction} and {@code @Transactional}, and is the first thing the resource method calls. The
 * API's tenant filter then reads no city role for the request (as for {@link RoleCheckedInTransaction}), and the
 * resource method is {@code @PermitAll} for the container. Unlike {@link RoleCheckedInTransaction} this is no
 * interceptor binding: a resource method whose work must not all run in one transaction (the concierge answers
 * outside any) would otherwise get its role read alone, in a transaction of its own, before the service's. Used by
 * {@code POST /api/v1/concierge/ask} (session 15); its IT refuses a person of the city's organisation without a role.
 * <p>
 * Fails closed: a marked resource method whose request was not admitted by a {@link RoleCheckedInTransaction} rule
 * (the service it called carries none, or was not called) answers 500 instead of its result
 * ({@code ServiceRoleCheckGuard}), and the server log names the method. What the method wrote before that is not undone;
 * the guard keeps its answer from leaving the server.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RoleCheckedInServiceTransaction {
}
