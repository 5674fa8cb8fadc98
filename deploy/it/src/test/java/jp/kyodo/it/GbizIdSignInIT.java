package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.it.WebSignInIT.Browser;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A business signs in with GビズID (issue 12): Kyodo's sign-in page (Keycloak) → 「GビズIDでログイン」 → the GビズID
 * simulator's login page (deploy/simulators, a separate process) → back through Keycloak, which creates a new account
 * from the ID token and userinfo → the city's portal, where the business registers with that city only and sees its
 * 法人 data on マイページ. The same sign-in gives nothing in another city; an existing account with the business's
 * e-mail address is never adopted; a tampered or foreign-signed ID token, a wrong issuer and a wrong client secret are
 * refused by Keycloak with a readable page and no session.
 */
@ExtendWith(ArquillianExtension.class)
class GbizIdSignInIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static Simulator gbizid;
    static TestCity a;
    static TestCity b;

    @BeforeAll
    static void start() {
        gbizid = Simulator.start("GbizIdSimulator", "it.sim.gbizid.port", 7166);
        a = TestCity.create("102016");
        b = TestCity.create("392014");
    }

    @AfterAll
    static void stop() {
        TestCity.closeAll(a, b);
        if (gbizid != null) {
            gbizid.close();
        }
    }

    /** A fresh GビズID account of the simulator (a プライム account of a corporation unless said otherwise). */
    static String account(String loginId, String corporateNumber, String email) {
        var r = Platform.call("POST", gbizid.url("/_sim/accounts"), null, "{\"loginId\":\"" + loginId + "\",\"accountType\":\"2\","
                + "\"corpType\":\"1\",\"corporateNumber\":\"" + corporateNumber + "\",\"name\":\"試験商事株式会社\","
                + "\"prefecture\":\"群馬県\",\"address1\":\"前橋市大手町1丁目1番1号\",\"userName\":\"試験 太郎\",\"email\":\""
                + email + "\"}");
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("sub");
    }

    /**
     * From the city's sign-in page through 「GビズIDでログイン」 and the simulator's login form; returns the page the
     * browser ends on.
     */
    static HttpResponse<String> signInWithGbizId(Browser browser, String code, String loginId) throws Exception {
        var kc = browser.get(Platform.base() + "/c/" + code + "/login");
        assertTrue(browser.url.startsWith(Platform.keycloak()), () -> "Kyodo's sign-in page: " + browser.url);
        Matcher link = Pattern.compile("<a id=\"social-gbizid\"[^>]*href=\"([^\"]+)\"[^>]*>([^<]+)</a>").matcher(kc.body());
        assertTrue(link.find(), () -> "a GビズID button on the sign-in page: " + kc.body());
        assertEquals("GビズIDでログイン", link.group(2).strip(), "the button, in the page's language");
        var simPage = browser.get(URI.create(browser.url).resolve(link.group(1).replace("&amp;", "&")).toString());
        assertTrue(browser.url.startsWith(gbizid.url("/oauth/authorize")), () -> "the GビズID login page: " + browser.url);
        Matcher form = Pattern.compile("<form method=\"post\" id=\"gbizid-login\" action=\"([^\"]+)\"").matcher(simPage.body());
        assertTrue(form.find(), simPage::body);
        StringBuilder fields = new StringBuilder();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(simPage.body());
        while (hidden.find()) {
            fields.append(WebSignInIT.enc(hidden.group(1))).append('=')
                    .append(WebSignInIT.enc(hidden.group(2).replace("&amp;", "&").replace("&quot;", "\""))).append('&');
        }
        fields.append("login_id=").append(WebSignInIT.enc(loginId)).append("&password=sim-password");
        return browser.post(URI.create(browser.url).resolve(form.group(1).replace("&amp;", "&")).toString(), fields.toString());
    }

    static long stat(String name) {
        return Platform.get(gbizid.url("/_sim/stats"), null).json().getJsonNumber(name).longValue();
    }

    static List<JsonValue> keycloakUsers(String query) {
        var r = Platform.keycloakAdmin("GET", "/users?" + query, null);
        assertEquals(200, r.status(), r::toString);
        return r.array();
    }

    @Test
    void aBusinessSignsInRegistersWithThisCityOnlyAndSeesItsCorporateData() throws Exception {
        String corp = "2010001000006";
        String sub = account("it-prime-" + System.nanoTime() + "@gbiz.example", corp, "it-prime-" + System.nanoTime() + "@gbiz.example");
        Browser browser = new Browser();
        var join = signInWithGbizId(browser, a.code, loginIdOf(sub));
        // back at the city's portal, signed in as a business that is not yet registered here: asked, nothing joined
        assertEquals(200, join.statusCode(), () -> browser.url + " " + join.body());
        assertTrue(browser.url.startsWith(Platform.base() + "/c/" + a.code + "/login"), browser.url);
        assertTrue(join.body().contains("試験商事株式会社") && join.body().contains("id=\"business-join\""), join.body());

        // the account Keycloak made: a new one named after the GビズID subject, linked to GビズID only
        var users = keycloakUsers("username=gbiz." + sub + "&exact=true");
        assertEquals(1, users.size(), users::toString);
        String userId = users.get(0).asJsonObject().getString("id");
        var links = Platform.keycloakAdmin("GET", "/users/" + userId + "/federated-identity", null).array();
        assertEquals(1, links.size(), links::toString);
        assertEquals("gbizid", links.get(0).asJsonObject().getString("identityProvider"));
        assertEquals(sub, links.get(0).asJsonObject().getString("userId"), "linked by GビズID's subject");
        assertTrue(organizationsOf(userId).isEmpty(), "no city before the business registers");

        var me = browser.post(Platform.base() + "/c/" + a.code + "/business/join", "");
        assertEquals(200, me.statusCode(), () -> browser.url + " " + me.body());
        assertTrue(browser.url.endsWith("/c/" + a.code + "/me"), browser.url);
        assertTrue(me.body().contains("id=\"corporate-number\">" + corp + "<"), () -> "法人番号 on マイページ: " + me.body());
        for (String shown : List.of("試験商事株式会社", "法人", "gBizIDプライム", "群馬県前橋市大手町1丁目1番1号", "市民")) {
            assertTrue(me.body().contains(shown), () -> shown + " on マイページ: " + me.body());
        }
        assertEquals(List.of(a.code), organizationsOf(userId), "a member of this city's organization only");
        assertTrue(memberUsernames(a).contains("gbiz." + sub), "in the city's member register");

        // the same sign-in in another city: not its member, no page of it, no row; joining is a separate step there
        var otherMe = browser.get(Platform.base() + "/c/" + b.code + "/me");
        assertFalse(otherMe.body().contains(corp), "no business data on another city's page");
        assertFalse(otherMe.body().contains(b.canary), "no content of the other city");
        assertTrue(otherMe.statusCode() == 403 || browser.url.startsWith(Platform.keycloak())
                        || browser.url.contains("/c/" + b.code + "/login"),
                () -> "refused: " + otherMe.statusCode() + " " + browser.url);
        var otherStaff = browser.get(Platform.base() + "/c/" + b.code + "/staff");
        assertFalse(otherStaff.statusCode() == 200 && browser.url.endsWith("/c/" + b.code + "/staff"), browser.url);
        assertFalse(memberUsernames(b).contains("gbiz." + sub), "not in the other city's member register");
        assertEquals(List.of(a.code), organizationsOf(userId), "still a member of the first city only");
        // and the first city's page still shows it
        var again = browser.get(Platform.base() + "/c/" + a.code + "/me");
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains(corp));
    }

    @Test
    void anExistingAccountWithTheBusinesssEmailIsNeverAdopted() throws Exception {
        String email = a.citizen + "@example.jp"; // the citizen of city A made by TestCity
        String sub = account("it-clash-" + System.nanoTime() + "@gbiz.example", "", email);
        Browser browser = new Browser();
        var refused = signInWithGbizId(browser, a.code, loginIdOf(sub));
        assertTrue(browser.url.startsWith(Platform.keycloak()), () -> "stays at Keycloak: " + browser.url);
        assertTrue(refused.body().contains("既存のアカウントに自動でつなぐことはしません"), () -> "readable refusal: " + refused.body());
        var citizen = keycloakUsers("username=" + a.citizen + "&exact=true");
        String citizenId = citizen.get(0).asJsonObject().getString("id");
        assertEquals(0, Platform.keycloakAdmin("GET", "/users/" + citizenId + "/federated-identity", null).array().size(),
                "the citizen's account is not linked to GビズID");
        assertEquals(0, keycloakUsers("username=gbiz." + sub + "&exact=true").size(), "no account made");
        assertNoSession(browser, a.code);
    }

    @Test
    void aTamperedForeignOrMisissuedIdTokenAndAWrongClientSecretAreRefused() throws Exception {
        String sub = account("it-refused-" + System.nanoTime() + "@gbiz.example", "3010001000005",
                "it-refused-" + System.nanoTime() + "@gbiz.example");
        try {
            for (String mode : List.of("tamper-id-token", "foreign-key", "wrong-issuer")) {
                setMode(mode);
                long tokens = stat("tokens");
                Browser browser = new Browser();
                var page = signInWithGbizId(browser, a.code, loginIdOf(sub));
                assertEquals(tokens + 1, stat("tokens"), mode + ": Keycloak received the ID token");
                assertRefused(browser, page, mode);
                assertEquals(0, keycloakUsers("username=gbiz." + sub + "&exact=true").size(), mode + ": no account made");
            }
            setMode("normal");
            var changed = Platform.call("POST", gbizid.url("/_sim/client"), null, "{\"clientSecret\":\"rotated-at-gbizid\"}");
            assertEquals(200, changed.status());
            long refusals = stat("clientRefusals");
            Browser browser = new Browser();
            var page = signInWithGbizId(browser, a.code, loginIdOf(sub));
            assertEquals(refusals + 1, stat("clientRefusals"), "GビズID refused Keycloak's client secret");
            assertRefused(browser, page, "wrong client secret");
            assertEquals(0, keycloakUsers("username=gbiz." + sub + "&exact=true").size(), "no account made");
        } finally {
            setMode("normal");
            Platform.call("POST", gbizid.url("/_sim/client"), null, "{\"clientSecret\":\"sim-gbizid-secret\"}");
        }
        // with everything right again the same account signs in (the refusals were the tokens, not the account)
        Browser browser = new Browser();
        var join = signInWithGbizId(browser, a.code, loginIdOf(sub));
        assertEquals(200, join.statusCode(), join::body);
        assertTrue(browser.url.startsWith(Platform.base()), browser.url);
    }

    private static void assertRefused(Browser browser, HttpResponse<String> page, String what) throws Exception {
        assertTrue(browser.url.startsWith(Platform.keycloak()), () -> what + ": stays at Keycloak: " + browser.url);
        assertTrue(page.statusCode() >= 400, () -> what + ": " + page.statusCode());
        assertTrue(page.body().contains("結果を確認できなかったため、ログインしませんでした"), () -> what + ": readable: " + page.body());
        assertNoSession(browser, a.code);
    }

    /** The browser has no sign-in: the city's マイページ sends it to Keycloak's sign-in page. */
    private static void assertNoSession(Browser browser, String code) throws Exception {
        var me = browser.get(Platform.base() + "/c/" + code + "/me");
        assertTrue(browser.url.startsWith(Platform.keycloak()), () -> "no session: " + browser.url);
        assertTrue(me.body().contains("kc-form-login"), "Keycloak asks for a sign-in");
    }

    private static void setMode(String mode) {
        var r = Platform.call("POST", gbizid.url("/_sim/mode"), null, "{\"mode\":\"" + mode + "\"}");
        assertEquals(200, r.status(), r::toString);
    }

    private static String loginIdOf(String sub) {
        for (JsonValue v : Platform.get(gbizid.url("/_sim/accounts"), null).json().getJsonArray("accounts")) {
            JsonObject o = v.asJsonObject();
            if (o.getString("sub").equals(sub)) {
                return o.getString("loginId");
            }
        }
        throw new AssertionError("no simulator account " + sub);
    }

    private static List<String> organizationsOf(String userId) {
        var r = Platform.keycloakAdmin("GET", "/organizations/members/" + userId + "/organizations", null);
        assertEquals(200, r.status(), r::toString);
        return r.array().stream().map(v -> v.asJsonObject().getString("alias")).sorted().toList();
    }

    private static List<String> memberUsernames(TestCity city) {
        var r = Platform.get("/api/v1/members", city.adminToken());
        assertEquals(200, r.status(), r::toString);
        return r.array().stream().map(v -> v.asJsonObject().getString("username", "")).toList();
    }
}
