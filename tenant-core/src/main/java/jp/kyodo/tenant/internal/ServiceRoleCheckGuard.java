package jp.kyodo.tenant.internal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.logging.Logger;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.identity.RoleCheckedInServiceTransaction;
import jp.kyodo.tenant.problem.Problem;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The fail-closed half of {@link RoleCheckedInServiceTransaction}: the API's tenant filter reads no city role for such
 * a resource method because the service it calls reads it, so a successful answer of that method must come from a
 * request a {@link jp.kyodo.tenant.identity.RoleCheckedInTransaction} rule admitted ({@link
 * RequestIdentity#roleCheckedInTransaction()}). When none did — a service without the rule, a path that never called
 * it — the answer is replaced by a 500 problem before its body is written, and the method is named in the log.
 * Error answers (the rule's own 403, validation problems) pass unchanged.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class ServiceRoleCheckGuard implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(ServiceRoleCheckGuard.class.getName());

    @Inject
    RequestIdentity identity;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null || !method.isAnnotationPresent(RoleCheckedInServiceTransaction.class)
                || response.getStatus() >= 400 || identity.roleCheckedInTransaction()) {
            return;
        }
        LOG.severe(() -> "refused the answer of " + method.getDeclaringClass().getName() + "#" + method.getName()
                + ": it is marked @RoleCheckedInServiceTransaction, but no @RoleCheckedInTransaction rule admitted the"
                + " request (the service it calls must carry one)");
        var problem = new ProblemException(500, "role-not-checked", "サーバーの設定に誤りがあります",
                "Server misconfiguration",
                "この操作の役割の確認が行われなかったため、結果を返しません。 The role of this operation was not checked,"
                        + " so its result is withheld.");
        response.setStatus(problem.status());
        response.getHeaders().putSingle("Content-Type", Problem.MEDIA_TYPE);
        response.setEntity(Problem.json(problem, request.getUriInfo().getRequestUri().getPath()), new Annotation[0],
                new MediaType("application", "problem+json"));
    }
}
