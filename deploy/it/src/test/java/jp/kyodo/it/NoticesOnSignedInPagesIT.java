package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import jp.kyodo.it.WebSignInIT.Browser;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notices on the signed-in pages (マイページ, the inbox) come from this server's copy of the city's list when the
 * city's notices version, read with the page session's check in the request's transaction, is the one the copy was
 * kept under (migration V22, docs/capacity.md session 18). What must hold, with the copies warm: a notice written —
 * through the API on this server, or by any other writer (here SQL as the application role, as another server or an
 * import writes it; {@link TwoServersIT} checks a second server) — shows, changes or goes at the very next page of
 * every person of the city; citizens never see an unpublished notice, staff see all; and a city's notices never show
 * on another city's pages, however warm the first city's copies are.
 */
@ExtendWith(ArquillianExtension.class)
class NoticesOnSignedInPagesIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void aWrittenNoticeShowsAtTheNextPageInItsCityOnlyWithTheCopiesWarm() throws Exception {
        try (TestCity a = TestCity.create("172014"); TestCity b = TestCity.create("172022")) {
            Browser citizenA = signedIn(a, a.citizen);
            Browser staffA = signedIn(a, a.staff);
            Browser citizenB = signedIn(b, b.citizen);
            String published = a.canary + " notice 0";
            String draft = a.canary + " notice 1";
            for (int i = 0; i < 3; i++) { // the copies warm: the same lists, three times each
                String ca = me(citizenA, a);
                assertTrue(ca.contains(published), "the citizen sees the published notice");
                assertFalse(ca.contains(draft), "never an unpublished one");
                String sa = me(staffA, a);
                assertTrue(sa.contains(published) && sa.contains(draft), "staff see all of the city's notices");
                String cb = me(citizenB, b);
                assertFalse(cb.contains(a.canary), "never another city's notice (A's copies warm)");
                assertTrue(cb.contains(b.canary + " notice 0"), "B's own notice");
            }

            // written through the API on this server: seen at the next page, in A only
            String title = "IT-NOTICE-" + Long.toString(System.nanoTime(), 36);
            var created = Platform.call("POST", "/api/v1/notices", a.adminToken(), Json.createObjectBuilder()
                    .add("title", title).add("body", "次のページで見える").add("published", true).build().toString());
            assertEquals(201, created.status(), created::toString);
            String id = created.json().getString("id");
            assertTrue(me(citizenA, a).contains(title), "the new notice at the citizen's next page");
            assertTrue(me(staffA, a).contains(title), "and at staff's");
            assertFalse(me(citizenB, b).contains(title), "not in the other city");

            // unpublished: gone for the citizen at once, still there for staff
            var hidden = Platform.call("PUT", "/api/v1/notices/" + id, a.adminToken(), Json.createObjectBuilder()
                    .add("title", title).add("body", "非公開").add("published", false).build().toString());
            assertEquals(200, hidden.status(), hidden::toString);
            assertFalse(me(citizenA, a).contains(title), "unpublished: not on the citizen's next page");
            assertTrue(me(staffA, a).contains(title), "staff still see it");
            assertEquals(204, Platform.call("DELETE", "/api/v1/notices/" + id, a.adminToken(), null).status());
            assertFalse(me(staffA, a).contains(title), "deleted: gone from staff's next page");

            // written by another writer than this server's NoticeService (another server, an import, an operator):
            // the city's version changes in the database, so this server's warm copy is not used again
            me(citizenA, a);
            me(staffA, a);
            String outside = "IT-NOTICE-SQL-" + Long.toString(System.nanoTime(), 36);
            try (Connection c = Platform.appConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement bind = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO notice (id, title, body, published, published_at,"
                             + " created_by) VALUES (?, ?, '外から', true, now(), 'it')")) {
                    bind.setString(1, TenantIsolationIT.cityId(a.code).toString());
                    bind.execute();
                    ins.setObject(1, UUID.randomUUID());
                    ins.setString(2, outside);
                    ins.executeUpdate();
                }
                c.commit();
            }
            assertTrue(me(citizenA, a).contains(outside), "a notice written outside this server at the citizen's next page");
            assertTrue(me(staffA, a).contains(outside), "and at staff's");
            assertFalse(me(citizenB, b).contains(outside), "not in the other city");
            // the versions: the application role reads its bound city's only, and writes none (only the trigger does)
            UUID idA = TenantIsolationIT.cityId(a.code);
            try (Connection c = Platform.appConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement bind = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)");
                     PreparedStatement read = c.prepareStatement("SELECT city_id FROM notice_version")) {
                    bind.setString(1, TenantIsolationIT.cityId(b.code).toString());
                    bind.execute();
                    try (var rows = read.executeQuery()) {
                        while (rows.next()) {
                            assertFalse(idA.equals(rows.getObject(1)), "B's binding reads no version of A");
                        }
                    }
                }
                try (var write = c.createStatement()) {
                    write.executeUpdate("UPDATE notice_version SET version = 0");
                    org.junit.jupiter.api.Assertions.fail("the application role must not write a notices version");
                } catch (java.sql.SQLException e) {
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                c.rollback();
            }
            // the inbox lists the published notices too
            var inbox = citizenA.get(Platform.base() + "/c/" + a.code + "/me/inbox");
            assertEquals(200, inbox.statusCode(), inbox::body);
            assertTrue(inbox.body().contains(outside) && !inbox.body().contains(draft), "the inbox's notices");
        }
    }

    /**
     * An operator's {@code TRUNCATE notice} fires no row trigger: V23's statement trigger gives every city a new notices
     * version, also a city with no version row yet (read as 0, under which a server may keep a list). Done in a
     * transaction that is rolled back, so the other tests' notices stay.
     */
    @Test
    void aTruncateOfTheNoticesGivesEveryCityANewVersion() throws Exception {
        // a city whose notices were written (a version row) beside whatever cities the platform has (some without one)
        try (TestCity a = TestCity.create("172014"); Connection c = Platform.ownerConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                java.util.Map<Object, Long> before = new java.util.HashMap<>();
                try (var rows = st.executeQuery("SELECT c.id, coalesce(v.version, 0) FROM city c"
                        + " LEFT JOIN notice_version v ON v.city_id = c.id")) {
                    while (rows.next()) {
                        before.put(rows.getObject(1), rows.getLong(2));
                    }
                }
                assertTrue(before.get(TenantIsolationIT.cityId(a.code)) > 0, "the test city's notices have a version");
                st.execute("TRUNCATE notice");
                int cities = 0;
                try (var rows = st.executeQuery("SELECT c.id, v.version FROM city c"
                        + " LEFT JOIN notice_version v ON v.city_id = c.id")) {
                    while (rows.next()) {
                        cities++;
                        long after = rows.getLong(2);
                        assertFalse(rows.wasNull(), "a version for every city after the truncate: " + rows.getObject(1));
                        assertTrue(after != 0 && after != before.get(rows.getObject(1)),
                                "a new version for " + rows.getObject(1) + ": " + before.get(rows.getObject(1)) + " -> " + after);
                    }
                }
                assertEquals(before.size(), cities);
            } finally {
                c.rollback();
            }
        }
    }

    static Browser signedIn(TestCity city, String user) throws Exception {
        Browser browser = new Browser();
        var login = browser.get(Platform.base() + "/c/" + city.code + "/login");
        HttpResponse<String> me = browser.signIn(login, user, Platform.TEST_PASSWORD);
        assertEquals(200, me.statusCode(), () -> browser.url + " " + me.body());
        return browser;
    }

    static String me(Browser browser, TestCity city) throws Exception {
        var page = browser.get(Platform.base() + "/c/" + city.code + "/me");
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(browser.url.endsWith("/c/" + city.code + "/me"), browser.url);
        return page.body();
    }
}
