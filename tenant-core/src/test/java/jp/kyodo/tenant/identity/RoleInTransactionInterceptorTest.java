package jp.kyodo.tenant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The role rule of a {@link RoleCheckedInTransaction} method: read once, and the method runs only with a listed role. */
class RoleInTransactionInterceptorTest {

    static final City AMAGASAKI = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県",
            CityStatus.ACTIVE, null);

    static class Endpoint {
        @RoleCheckedInTransaction("citizen")
        public String submit() {
            return "filed";
        }
    }

    /** The role the database would answer, and how often it was asked. */
    static final class Roles extends CityRoles {
        final String role;
        final AtomicInteger reads = new AtomicInteger();

        Roles(String role) {
            this.role = role;
        }

        @Override
        public Optional<String> roleInCity(String subject) {
            reads.incrementAndGet();
            return Optional.ofNullable(role);
        }
    }

    static RoleInTransactionInterceptor interceptor(String role, String subject, boolean cityBound) {
        RoleInTransactionInterceptor i = new RoleInTransactionInterceptor();
        i.cityRoles = new Roles(role);
        i.identity = new RequestIdentity();
        i.identity.set("someone", subject, Set.of());
        i.tenant = new TenantContext();
        if (cityBound) {
            i.tenant.bind(AMAGASAKI);
        }
        return i;
    }

    static Object call(RoleInTransactionInterceptor i, AtomicInteger ran) throws Exception {
        Method m = Endpoint.class.getMethod("submit");
        return i.checkRole(new InvocationContext() {
            public Object getTarget() { return new Endpoint(); }
            public Object getTimer() { return null; }
            public Method getMethod() { return m; }
            public Constructor<?> getConstructor() { return null; }
            public Object[] getParameters() { return new Object[0]; }
            public void setParameters(Object[] params) { }
            public Map<String, Object> getContextData() { return new java.util.HashMap<>(); }
            public Object proceed() {
                ran.incrementAndGet();
                return "filed";
            }
        });
    }

    @Test
    void aCitizenOfTheCityRunsTheMethodAndTheRoleIsReadOnce() throws Exception {
        var i = interceptor("citizen", "sub-1", true);
        AtomicInteger ran = new AtomicInteger();
        assertEquals("filed", call(i, ran));
        assertEquals(1, ran.get());
        assertEquals(1, ((Roles) i.cityRoles).reads.get());
        assertTrue(i.identity.hasRole("citizen"), "the rest of the request sees the role");
        assertTrue(i.identity.roleCheckedInTransaction(), "the request is marked as admitted by the rule");
    }

    @Test
    void anotherRoleNoRoleNoSubjectOrNoCityIsRefusedAndTheMethodDoesNotRun() {
        for (var i : new RoleInTransactionInterceptor[] {interceptor("staff", "sub-1", true), interceptor(null, "sub-1", true),
                interceptor("citizen", null, true), interceptor("citizen", "sub-1", false)}) {
            AtomicInteger ran = new AtomicInteger();
            ProblemException e = assertThrows(ProblemException.class, () -> call(i, ran));
            assertEquals(403, e.status());
            assertEquals(0, ran.get());
            assertTrue(!i.identity.roleCheckedInTransaction(), "a refused request is not marked as admitted");
        }
    }
}
