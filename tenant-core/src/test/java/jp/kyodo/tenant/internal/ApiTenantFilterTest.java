package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTenantFilterTest {

    @Test
    void readsEveryShapeOfTheOrganizationClaim() {
        assertEquals(List.of("282022"), ApiTenantFilter.organizations(Map.of("282022", Map.of("id", "x"))));
        assertEquals(List.of("282022"), ApiTenantFilter.organizations("{\"282022\":{\"id\":\"x\"}}"));
        assertEquals(List.of("282022"), ApiTenantFilter.organizations(List.of("282022")));
        assertEquals(List.of("282022"), ApiTenantFilter.organizations("282022"));
        assertEquals(2, ApiTenantFilter.organizations(Map.of("282022", 1, "132039", 2)).size());
        assertEquals(List.of(), ApiTenantFilter.organizations(null));
    }

    @Test
    void hostWithoutPort() {
        assertEquals("portal.city.example", jp.kyodo.tenant.CityDirectory.hostOf("Portal.City.example:9080"));
        assertEquals("localhost", jp.kyodo.tenant.CityDirectory.hostOf("localhost"));
        assertEquals("[::1]", jp.kyodo.tenant.CityDirectory.hostOf("[::1]"));
        assertEquals(null, jp.kyodo.tenant.CityDirectory.hostOf(null));
    }
}
