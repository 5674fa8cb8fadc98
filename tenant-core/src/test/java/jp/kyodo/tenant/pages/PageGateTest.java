package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.pages.PageGate.Verdict;
import org.junit.jupiter.api.Test;

class PageGateTest {

    private static final City AMAGASAKI = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県",
            CityStatus.ACTIVE, null);

    @Test
    void nobodySignedInIsSentToSignIn() {
        assertEquals(Verdict.NOT_SIGNED_IN, PageGate.check(security(null), request(null, null), AMAGASAKI, "282022"));
    }

    @Test
    void aPersonSignedInOnAnotherServerIsKnownFromTheRequestNotFromThisServersSecurityContext() {
        // this server's Jakarta Security context knows nobody; the page session carried the sign-in (issue 15, item 1)
        assertEquals(Verdict.ADMITTED, PageGate.check(security(null), request("282022", "citizen"), AMAGASAKI, "282022"));
    }

    @Test
    void aTokenOfAnotherCityIsRefusedWhateverTheRoles() {
        assertEquals(Verdict.OTHER_CITY, PageGate.check(security("staff"), request("132039", "staff"), AMAGASAKI, "282022",
                "staff"));
        // no organization claim at all
        assertEquals(Verdict.OTHER_CITY, PageGate.check(security("staff"), request(null, "staff"), AMAGASAKI, "282022", "staff"));
    }

    @Test
    void theUrlMustNameTheRequestsCity() {
        assertEquals(Verdict.OTHER_CITY, PageGate.check(security("staff"), request("282022", "staff"), AMAGASAKI, "132039",
                "staff"));
    }

    @Test
    void anyOneOfThePagesRolesAdmits() {
        assertEquals(Verdict.ADMITTED, PageGate.check(security("operator"), request("282022", "operator"), AMAGASAKI, "282022",
                "operator", "staff"));
        assertEquals(Verdict.MISSING_ROLE, PageGate.check(security("citizen"), request("282022", "citizen"), AMAGASAKI, "282022",
                "operator", "staff"));
        assertEquals(Verdict.ADMITTED, PageGate.check(security("citizen"), request("282022", "citizen"), AMAGASAKI, "282022"));
    }

    @Test
    void aRoleOfTheTokenDoesNotCountOnlyTheRoleHeldInTheCity() {
        // the token (security context) says staff, but in this city the person is a citizen
        assertEquals(Verdict.MISSING_ROLE, PageGate.check(security("staff"), request("282022", "citizen"), AMAGASAKI,
                "282022", "staff"));
        // a member of the city's organization without any role in the city
        assertEquals(Verdict.MISSING_ROLE, PageGate.check(security("city-admin"), request("282022", null), AMAGASAKI,
                "282022", "city-admin"));
        // ... is no member for the pages of any signed-in member either
        assertEquals(Verdict.MISSING_ROLE, PageGate.check(security("citizen"), request("282022", null), AMAGASAKI,
                "282022"));
    }

    private static SecurityContext security(String role) {
        Principal principal = role == null ? null : () -> "someone";
        return (SecurityContext) Proxy.newProxyInstance(PageGateTest.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCallerPrincipal" -> principal;
                    case "isCallerInRole" -> role != null && role.equals(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpServletRequest request(String tokenCity, String roleInCity) {
        Predicate<String> check = code -> tokenCity != null && Set.of(tokenCity).contains(code);
        Set<String> roles = roleInCity == null ? Set.of() : Set.of(roleInCity);
        // the request's principal: put there by this server's sign-in, or from the page session (SignedInClaims)
        Principal principal = tokenCity == null && roleInCity == null ? null : () -> "someone";
        return (HttpServletRequest) Proxy.newProxyInstance(PageGateTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> principal;
                    case "getAttribute" -> SignedIn.CITY_CHECK.equals(args[0]) ? check
                            : SignedIn.CITY_ROLES.equals(args[0]) ? roles : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
