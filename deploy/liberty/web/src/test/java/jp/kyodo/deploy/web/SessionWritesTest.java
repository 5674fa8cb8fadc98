package jp.kyodo.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When the sign-in filter writes a page session to the session store now (Liberty's IBMSession#sync): only when what
 * travels to the other servers changed. An ordinary page — attributes only read — writes nothing (docs/capacity.md
 * "What a page session costs the database").
 */
class SessionWritesTest {

    /** Liberty's session facade has a public sync(); this stands in for it. */
    public interface SyncableSession extends HttpSession {
        void sync();
    }

    static final class Store {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        int syncs;

        SyncableSession session() {
            return (SyncableSession) Proxy.newProxyInstance(SessionWritesTest.class.getClassLoader(),
                    new Class<?>[] {SyncableSession.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getAttributeNames" -> Collections.enumeration(Set.copyOf(attributes.keySet()));
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "removeAttribute" -> attributes.remove((String) args[0]);
                        case "sync" -> ++syncs;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        HttpServletRequest request() {
            SyncableSession session = session();
            return (HttpServletRequest) Proxy.newProxyInstance(SessionWritesTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getSession" -> session;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static Store signedIn() {
        Store s = new Store();
        s.attributes.put("kyodo.formToken", "token-1");
        s.attributes.put(SignedInClaims.SIGN_IN, new SignedInClaims.SessionSignIn("h", "taro", "sub", "太郎", Set.of("282022"),
                Set.of(), "id-token", null, null));
        s.attributes.put(SessionRecheck.CHECKED_AT, 1L);
        return s;
    }

    /** One request through the filter's bookkeeping: the snapshot before, the page's work, the end of the request. */
    private static void request(Store store, java.util.function.Consumer<HttpSession> page) {
        HttpServletRequest request = store.request();
        Map<String, Object> before = SignedInClaims.portableState(request.getSession(false));
        page.accept(request.getSession(false));
        SignedInClaims.keepOnlyPortableState(request);
        SignedInClaims.writeIfChanged(request.getSession(false), before);
    }

    @Test
    void anOrdinaryPageThatOnlyReadsTheSessionWritesNothing() {
        Store store = signedIn();
        for (int i = 0; i < 10; i++) {
            request(store, s -> {
                s.getAttribute(SignedInClaims.SIGN_IN);
                s.getAttribute("kyodo.formToken");
            });
        }
        assertEquals(0, store.syncs);
    }

    @Test
    void aSignInAFormTokenOrASignOutMarkIsWrittenAtOnce() {
        Store store = new Store();
        request(store, s -> s.setAttribute("kyodo.formToken", "token-1"));
        assertEquals(1, store.syncs, "a new form token");
        request(store, s -> s.setAttribute(SignedInClaims.SIGN_IN, signedIn().attributes.get(SignedInClaims.SIGN_IN)));
        assertEquals(2, store.syncs, "the sign-in");
        request(store, s -> s.setAttribute("kyodo.formToken", "token-1"));
        assertEquals(2, store.syncs, "the same value set again changes nothing");
        request(store, s -> s.removeAttribute("kyodo.formToken"));
        assertEquals(3, store.syncs, "a removal");
    }

    @Test
    void theTimeOfTheLastKeycloakRecheckAloneIsNotWorthAWrite() {
        Store store = signedIn();
        request(store, s -> s.setAttribute(SessionRecheck.CHECKED_AT, 2L));
        assertEquals(0, store.syncs);
        assertEquals(2L, store.attributes.get(SessionRecheck.CHECKED_AT), "kept in memory; Liberty's timed writer takes it");
    }

    @Test
    void weldsBeanInstancesLeaveTheSessionBeforeTheRequestEndsAndAreNoReasonToWrite() {
        // the sign-in mechanism touches the session-scoped OpenID context on every request: Weld puts it back each time
        Store store = signedIn();
        for (int i = 0; i < 5; i++) {
            request(store, s -> s.setAttribute("WELD_S#" + 0, new Object()));
            assertFalse(store.attributes.keySet().stream().anyMatch(n -> n.startsWith("WELD_S")), "no bean instance stays");
        }
        assertEquals(0, store.syncs);
        request(store, s -> {
            s.setAttribute("WELD_S_HASH", "h");
            s.setAttribute("kyodo.formToken", "token-2");
        });
        assertEquals(1, store.syncs, "a real change is written, without Weld's entries");
        assertFalse(store.attributes.containsKey("WELD_S_HASH"));
    }
}
