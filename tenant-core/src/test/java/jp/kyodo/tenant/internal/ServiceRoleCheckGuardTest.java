package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.identity.RoleCheckedInServiceTransaction;
import org.junit.jupiter.api.Test;

/** A resource that leaves its role check to its service answers only when a role rule admitted the request. */
class ServiceRoleCheckGuardTest {

    static class Endpoints {
        @RoleCheckedInServiceTransaction
        public String ask() {
            return "an answer";
        }

        public String other() {
            return "other";
        }
    }

    /** A response context as JAX-RS would hand it over: status, headers and entity, nothing else. */
    static final class Response {
        int status;
        Object entity;
        final MultivaluedHashMap<String, Object> headers = new MultivaluedHashMap<>();

        Response(int status, Object entity) {
            this.status = status;
            this.entity = entity;
        }

        ContainerResponseContext context() {
            return (ContainerResponseContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ContainerResponseContext.class}, (p, m, args) -> switch (m.getName()) {
                        case "getStatus" -> status;
                        case "setStatus" -> { status = (Integer) args[0]; yield null; }
                        case "getHeaders" -> headers;
                        case "setEntity" -> { entity = args[0]; yield null; }
                        case "getEntity" -> entity;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static ContainerRequestContext request() {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(ServiceRoleCheckGuardTest.class.getClassLoader(),
                new Class<?>[] {UriInfo.class}, (p, m, args) -> {
                    if (m.getName().equals("getRequestUri")) {
                        return URI.create("http://localhost/api/v1/concierge/ask");
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        Map<String, Object> none = new HashMap<>();
        return (ContainerRequestContext) Proxy.newProxyInstance(ServiceRoleCheckGuardTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getUriInfo" -> uri;
                    case "getProperty" -> none.get(args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static ServiceRoleCheckGuard guard(String method, boolean roleChecked) throws Exception {
        ServiceRoleCheckGuard g = new ServiceRoleCheckGuard();
        g.identity = new RequestIdentity();
        if (roleChecked) {
            g.identity.markRoleCheckedInTransaction();
        }
        Method m = Endpoints.class.getMethod(method);
        g.resource = new ResourceInfo() {
            public Method getResourceMethod() { return m; }
            public Class<?> getResourceClass() { return Endpoints.class; }
        };
        return g;
    }

    @Test
    void anAnswerWhoseRoleNoRuleCheckedIsWithheld() throws Exception {
        Response r = new Response(200, "an answer");
        guard("ask", false).filter(request(), r.context());
        assertEquals(500, r.status);
        assertEquals("application/problem+json", r.headers.getFirst("Content-Type"));
        assertTrue(String.valueOf(r.entity).contains("role-not-checked"), String.valueOf(r.entity));
        assertTrue(!String.valueOf(r.entity).contains("an answer"));
        Response empty = new Response(204, null);
        guard("ask", false).filter(request(), empty.context());
        assertEquals(500, empty.status, "an answer without a body is withheld all the same");
    }

    @Test
    void anAnswerARuleAdmittedAnErrorAndAnUnmarkedMethodPassUnchanged() throws Exception {
        Response checked = new Response(200, "an answer");
        guard("ask", true).filter(request(), checked.context());
        assertEquals(200, checked.status);
        assertEquals("an answer", checked.entity);
        Response refused = new Response(403, "{\"type\":\"role-required\"}");
        guard("ask", false).filter(request(), refused.context());
        assertEquals(403, refused.status);
        Response other = new Response(200, "other");
        guard("other", false).filter(request(), other.context());
        assertEquals(200, other.status);
        assertEquals("other", other.entity);
    }
}
