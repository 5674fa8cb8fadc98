package jp.kyodo.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/**
 * A sign-in counts as a Keycloak check made when its token was issued (SessionRecheck#checkedWhenIssued): the first
 * re-check comes recheck-seconds after the token's iat, never later, and the sign-in's first page asks Keycloak nothing.
 */
class SessionRecheckTest {

    private static SessionWritesTest.Store store() {
        return new SessionWritesTest.Store();
    }

    @Test
    void aFreshTokenCountsAsCheckedAtItsIssueTime() {
        var store = store();
        long iat = System.currentTimeMillis() / 1000 - 5;
        SessionRecheck.checkedWhenIssued(store.session(), Json.createObjectBuilder().add("iat", iat).build());
        assertEquals(iat * 1000, store.attributes.get(SessionRecheck.CHECKED_AT));
    }

    @Test
    void aTokenFromTheFutureCountsAsCheckedNowAtTheLatest() {
        var store = store();
        long before = System.currentTimeMillis();
        SessionRecheck.checkedWhenIssued(store.session(),
                Json.createObjectBuilder().add("iat", before / 1000 + 3600).build());
        long at = (Long) store.attributes.get(SessionRecheck.CHECKED_AT);
        assertTrue(at >= before && at <= System.currentTimeMillis(), "clock skew never postpones the re-check: " + at);
    }

    @Test
    void anOldTokenNeitherPostponesNorUndoesALaterCheck() {
        var store = store();
        long later = System.currentTimeMillis();
        store.attributes.put(SessionRecheck.CHECKED_AT, later);
        SessionRecheck.checkedWhenIssued(store.session(), Json.createObjectBuilder().add("iat", later / 1000 - 600).build());
        assertEquals(later, store.attributes.get(SessionRecheck.CHECKED_AT));
    }

    @Test
    void aTokenWithoutIssueTimeIsCheckedOnItsFirstPageAsBefore() {
        var store = store();
        SessionRecheck.checkedWhenIssued(store.session(), Json.createObjectBuilder().add("sub", "x").build());
        assertFalse(store.attributes.containsKey(SessionRecheck.CHECKED_AT));
    }
}
