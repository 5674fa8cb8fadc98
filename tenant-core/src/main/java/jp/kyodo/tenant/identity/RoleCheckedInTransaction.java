package jp.kyodo.tenant.identity;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write API method whose role check runs inside the method's own transaction instead of before it: the API's tenant
 * filter resolves the city and the caller as always but does not read the caller's role; {@link RoleInTransactionInterceptor}
 * reads it (one statement, {@code kyodo_role_in_city}, which also binds the city for the transaction) as the first
 * statement of the transaction the method opens with {@code @Transactional}, and refuses with 403 {@code role-required}
 * before the method runs when the caller holds none of {@link #value()} in the request's city. The method is then
 * {@code @PermitAll} for the container's own check (which runs before the method, when the role is not read yet): this
 * annotation is the method's role rule. Saves the role check's own autocommit transaction and the transaction's
 * separate binding of the city (one round trip and one PostgreSQL transaction per request; docs/benchmarks.md,
 * session 14). The role is still read from the database on every request, in the request's city.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RoleCheckedInTransaction {

    /** The city roles that may call the method (at least one). */
    @Nonbinding
    String[] value();
}
