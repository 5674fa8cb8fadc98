package jp.kyodo.tenant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CityRolesTest {

    @Test
    void onlyPlatformRolesOfATokenCount() {
        assertEquals(Set.of("vendor"), CityRoles.platformRoles(List.of("vendor", "city-admin", "staff", "offline_access")));
        assertEquals(Set.of(), CityRoles.platformRoles(List.of("citizen", "operator", "staff", "city-admin")));
        assertEquals(Set.of(), CityRoles.platformRoles(null));
    }

    @Test
    void adminWithACodeIsReserved() {
        assertTrue(CityRoles.isReserved("admin-131016"));
        assertTrue(CityRoles.isReserved("ADMIN-282022"));
        assertFalse(CityRoles.isReserved("admin-13101"));
        assertFalse(CityRoles.isReserved("admin-1310167"));
        assertFalse(CityRoles.isReserved("it-admin-131016"));
        assertFalse(CityRoles.isReserved(null));
    }

    @RolesAllowed("city-admin")
    static class Admin {
        public void list() {
        }

        @RolesAllowed({"staff", "operator"})
        public void cases() {
        }

        @PermitAll
        public void open() {
        }

        @DenyAll
        public void never() {
        }
    }

    static class Plain {
        public void any() {
        }
    }

    @Test
    void resourceAnnotationsAreAppliedToTheRolesInTheCity() throws Exception {
        var list = Admin.class.getMethod("list");
        assertTrue(CitySecurityContext.permits(list, Admin.class, Set.of("city-admin")));
        assertFalse(CitySecurityContext.permits(list, Admin.class, Set.of("citizen")));
        assertFalse(CitySecurityContext.permits(list, Admin.class, Set.of()));
        var cases = Admin.class.getMethod("cases");
        assertTrue(CitySecurityContext.permits(cases, Admin.class, Set.of("operator")));
        assertFalse(CitySecurityContext.permits(cases, Admin.class, Set.of("city-admin")), "the method's roles win");
        assertTrue(CitySecurityContext.permits(Admin.class.getMethod("open"), Admin.class, Set.of()));
        assertFalse(CitySecurityContext.permits(Admin.class.getMethod("never"), Admin.class, Set.of("city-admin")));
        assertTrue(CitySecurityContext.permits(Plain.class.getMethod("any"), Plain.class, Set.of()));
    }
}
