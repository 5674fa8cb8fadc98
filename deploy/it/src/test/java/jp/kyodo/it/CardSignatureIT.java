package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.devstack.demo.DigitalAuthClientKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Filing a procedure that needs the My Number card signature ({@code signature: my-number-card}) against the
 * デジタル認証アプリ simulator (a separate process: OpenID Connect with PKCE S256 and private_key_jwt, the signing
 * flow, a simulated JPKI CA): the citizen signs on the review page and approves at the card reader; Kyodo verifies and
 * files it, and staff see 署名検証済み — in each demo city. A document changed after the digest was taken, another
 * person's card, another document's signature, and another city's application or way back are refused, and nothing is
 * filed. Pages through {@link WebSignInIT.Browser} (forms with their token; the card reader has no JavaScript).
 */
@ExtendWith(ArquillianExtension.class)
class CardSignatureIT {

    private static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");
    private static final Pattern RECEIPT = Pattern.compile("(\\d{4}-\\d{6,9})");
    private static TestCity ama;
    private static TestCity msn;
    private static Simulator card;
    private static Path cardDir;
    private static final String REALM = System.getenv().getOrDefault("KYODO_KEYCLOAK_REALM", "kyodo");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void setUp() throws Exception {
        if (ama != null) {
            return;
        }
        Path dir = Path.of(System.getProperty("kyodo.it.digital-auth.dir", "target/it-digital-auth"));
        DigitalAuthClientKey.register(dir, DigitalAuthClientKey.redirectUris(URI.create(Platform.base()).getPort()));
        // Keycloak's own registration (identity provider digital-auth, "sign in with your My Number card")
        DigitalAuthClientKey.registerKeycloak(dir, Platform.keycloak(), REALM);
        cardDir = dir;
        card = Simulator.start("DigitalAuthSimulator", "it.sim.digital-auth.port", 7167, dir.toString());
        TestCity[] pair = TestCity.demoPair();
        ama = pair[0];
        msn = pair[1];
        for (TestCity c : pair) {
            // the citizen's own card: the name and date of birth of their profile (TestCity), as the card says them
            var added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(card.url("/_sim/cards")))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("id", "card-" + c.code)
                            .add("name", "試験 " + c.canary).add("birthdate", "1985-04-01").add("gender", "1")
                            .add("address", "試験県試験市1-1").build().toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, added.statusCode(), added::body);
            String yaml = """
                    id: %s-card-signed
                    name: 署名の要る試験手続き
                    signature: my-number-card
                    sections:
                      - id: main
                        title: 内容
                        fields:
                          - {id: name, type: text, label: 氏名, required: true, prefill: profile.fullName}
                    workflow:
                      steps:
                        - {id: check, name: 確認, role: operator}
                    notice:
                      title: 試験の通知
                      approved: "{{applicant}} 様 承認"
                      rejected: "{{applicant}} 様 却下 {{reason}}"
                    """.formatted(c.code);
            var created = call("POST", "/api/v1/procedures", c.adminToken(), Json.createObjectBuilder().add("yaml", yaml)
                    .build().toString());
            assertEquals(201, created.status(), created::toString);
            var published = call("POST", "/api/v1/procedures/" + procedure(c) + "/publish", c.adminToken(), null);
            assertEquals(200, published.status(), published::toString);
        }
    }

    @AfterAll
    static void cleanUp() {
        if (card != null) {
            card.close();
        }
        TestCity.closeAll(ama, msn);
    }

    @Test
    void aCitizenSignsWithTheirCardAndStaffSeeTheSignatureVerifiedInEachCity() throws Exception {
        setUp();
        for (TestCity c : new TestCity[] {ama, msn}) {
            WebSignInIT.Browser b = citizen(c);
            String id = draft(b, c);
            var review = b.get(base(c) + "/" + id + "/review");
            assertEquals(200, review.statusCode(), review::body);
            assertTrue(review.body().contains("マイナンバーカードで署名して申請"), review::body);
            assertFalse(review.body().contains("/submit\""), "no plain submit for a procedure that needs the card");
            // the API cannot file it without the signature either
            var plain = call("POST", "/api/v1/my/applications/" + id + "/submit", c.citizenToken(), null);
            assertEquals(409, plain.status(), plain::toString);
            assertTrue(plain.body().contains("signature-required"), plain::toString);

            var reader = sign(b, c, id);
            assertTrue(reader.body().contains("署名用電子証明書") && reader.body().contains("試験 " + c.canary), reader::body);
            var done = approve(b, reader, "card-" + c.code, "sign1234");
            assertTrue(b.url.contains("/me/applications/" + id + "?received"), b.url);
            Matcher number = RECEIPT.matcher(done.body());
            assertTrue(number.find(), done::body);
            assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM application WHERE id = ?::uuid AND status = "
                    + "'SUBMITTED' AND signature IS NOT NULL AND signature_certificate IS NOT NULL AND sign_state IS NULL", id));
            assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM audit_event WHERE action = 'application.signed' "
                    + "AND entity_id = ?", id));

            WebSignInIT.Browser operator = new WebSignInIT.Browser();
            String staffPage = Platform.base() + "/c/" + c.code + "/staff/applications/" + id;
            var shown = operator.signIn(operator.get(staffPage), c.operator, TEST_PASSWORD);
            assertEquals(200, shown.statusCode(), shown::body);
            assertTrue(shown.body().contains("署名検証済み") && shown.body().contains("試験 " + c.canary), shown::body);
        }
    }

    @Test
    void aChangedDocumentAnotherPersonsCardAndAnotherDocumentsSignatureAreRefusedAndNothingIsFiled() throws Exception {
        setUp();
        WebSignInIT.Browser b = citizen(ama);
        String id = draft(b, ama);

        // the answers change while the card reader waits: the digest signed is no longer the document's
        var reader = sign(b, ama, id);
        var changed = call("PUT", "/api/v1/my/applications/" + id + "/answers", ama.citizenToken(),
                "{\"main.name\":\"試験 書き換え\"}");
        assertEquals(200, changed.status(), changed::toString);
        var refused = approve(b, reader, "card-" + ama.code, "sign1234");
        assertTrue(b.url.endsWith("/" + id + "/review?signature=digest-mismatch"), b.url);
        assertTrue(refused.body().contains("署名のあとで申請内容が変わった"), refused::body);
        assertNothingFiled(id, 1);

        // another person's card (its certificate names someone else)
        refused = approve(b, sign(b, ama, id), "shiken-jiro", "sign1234");
        assertTrue(b.url.endsWith("/" + id + "/review?signature=another-person"), b.url);
        assertTrue(refused.body().contains("ご本人のものと確かめられませんでした"), refused::body);
        assertNothingFiled(id, 2);

        // another document's signature: the code the card reader gave for draft B, brought back as draft A's
        String other = draft(b, ama);
        String stateA = state(sign(b, ama, id));
        var readerB = sign(b, ama, other);
        URI backB = approveWithoutFollowing(readerB, "card-" + ama.code);
        String codeB = param(backB, "code");
        var swapped = b.get(base(ama) + "/signed?code=" + enc(codeB) + "&state=" + enc(stateA));
        assertTrue(b.url.endsWith("/" + id + "/review?signature=not-verified"), b.url);
        assertEquals(200, swapped.statusCode());
        assertNothingFiled(id, 3);
        b.get(backB.toString());
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application WHERE id = ?::uuid AND status = 'DRAFT' "
                + "AND signature IS NULL", other), "the other document is not filed either");

        // a state that is no application of mine is not found, and changes nothing
        assertEquals(404, b.get(base(ama) + "/signed?code=x&state=" + enc(stateA)).statusCode());

        // after all that, the person signs the document as it is now with their own card: filed
        approve(b, sign(b, ama, id), "card-" + ama.code, "sign1234");
        assertTrue(b.url.contains("/" + id + "?received"), b.url);
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application WHERE id = ?::uuid AND status = "
                + "'SUBMITTED' AND signature IS NOT NULL", id));
    }

    @Test
    void anotherCitysApplicationCannotBeSignedNorItsWayBackUsedThere() throws Exception {
        setUp();
        WebSignInIT.Browser amaCitizen = citizen(ama);
        String id = draft(amaCitizen, ama);
        WebSignInIT.Browser msnCitizen = citizen(msn);
        draft(msnCitizen, msn); // a page with a form token of the other city
        var foreign = msnCitizen.post(base(msn) + "/" + id + "/sign", "");
        assertEquals(404, foreign.statusCode(), foreign::body);

        // Amagasaki's citizen approves; the way back is replayed on Musashino's pages by Musashino's citizen
        URI back = approveWithoutFollowing(sign(amaCitizen, ama, id), "card-" + ama.code);
        assertTrue(back.getPath().equals("/c/" + ama.code + "/me/applications/signed"), back::toString);
        var replay = msnCitizen.get(base(msn) + "/signed?" + back.getRawQuery());
        assertEquals(404, replay.statusCode(), replay::body);
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application WHERE id = ?::uuid AND status = 'DRAFT' "
                + "AND sign_state IS NOT NULL", id), "untouched: still waiting for its own way back");
        assertEquals(0, AttachmentsIT.count(msn, "SELECT count(*) FROM application WHERE id = ?::uuid", id));
        // on its own city's page it completes
        amaCitizen.get(back.toString());
        assertTrue(amaCitizen.url.contains("/" + id + "?received"), amaCitizen.url);
    }

    @Test
    void theCardReaderRequiresPkceS256AndTheRegisteredClientKey() throws Exception {
        setUp();
        HttpClient http = HttpClient.newHttpClient();
        String redirect = Platform.base() + "/c/" + ama.code + "/me/applications/signed";
        String authorize = card.url("/authorize?response_type=code&client_id=kyodo&scope=openid+name&state=s&nonce=n"
                + "&redirect_uri=" + enc(redirect));
        var noPkce = http.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, noPkce.statusCode());
        assertTrue(noPkce.headers().firstValue("Location").orElseThrow().contains("error=invalid_request"));
        var plain = http.send(HttpRequest.newBuilder(URI.create(authorize + "&code_challenge=abc&code_challenge_method=plain"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(plain.headers().firstValue("Location").orElseThrow().contains("error=invalid_request"), "S256 only");
        var foreignRedirect = http.send(HttpRequest.newBuilder(URI.create(authorize.replace(enc(redirect),
                enc("http://evil.example/c/x/me/applications/signed")) + "&code_challenge=abc&code_challenge_method=S256"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, foreignRedirect.statusCode(), "an unregistered redirect URI is never redirected to");
        // the token endpoint: no client assertion, or a client secret instead of one, is refused
        for (String form : new String[] {"grant_type=client_credentials&client_id=kyodo",
                "grant_type=client_credentials&client_id=kyodo&client_secret=kyodo",
                "grant_type=client_credentials&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:"
                        + "jwt-bearer") + "&client_assertion=eyJhbGciOiJub25lIn0.eyJpc3MiOiJreW9kbyIsInN1YiI6Imt5b2RvIn0."}) {
            var token = http.send(HttpRequest.newBuilder(URI.create(card.url("/token"))).header("Content-Type",
                    "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, token.statusCode(), form);
        }
    }

    // ---------------------------------------------------------------- sign in with the My Number card (Keycloak)

    @Test
    void aPersonSignsInWithTheirCardRegistersWithThisCityOnlyAndSeesTheVerifiedBasicFacts() throws Exception {
        setUp();
        String id = "card-new-" + System.nanoTime();
        addCard(id, "札幌 一郎", "1979-11-03", "1", "兵庫県尼崎市東七松町1丁目23番1号");
        String email = id + "@example.jp";
        WebSignInIT.Browser b = new WebSignInIT.Browser();
        var review = signInWithCard(b, ama, id);
        // Keycloak made no account yet: the card gives no e-mail address, the person reviews the profile first
        assertTrue(review.body().contains("kc-idp-review-profile-form"), review::body);
        // 姓 and 名 from the card's one name, family name first (not Keycloak's Western-order split: 名 札幌)
        assertEquals("札幌", inputValue(review.body(), "lastName"), review::body);
        assertEquals("一郎", inputValue(review.body(), "firstName"), review::body);
        // … and asked in that order, 姓 then 名, as Japanese forms do (the realm's user profile)
        assertTrue(review.body().indexOf("name=\"lastName\"") < review.body().indexOf("name=\"firstName\""), review::body);
        // no technical user name to see or edit: the account's name card.<sub> is Keycloak's, the person's are e-mail and card
        assertEquals(null, inputValue(review.body(), "username"), review::body);
        assertFalse(review.body().contains("card."), review::body);
        var join = submitProfile(b, review, email, null);
        assertEquals(200, join.statusCode(), join::body);
        assertTrue(b.url.startsWith(Platform.base() + "/c/" + ama.code + "/login"), b.url);
        assertTrue(join.body().contains("id=\"card-join\"") && join.body().contains("札幌 一郎"), join::body);
        String userId = keycloakUserByEmail(email);
        var links = Platform.keycloakAdmin("GET", "/users/" + userId + "/federated-identity", null).array();
        assertEquals(1, links.size(), links::toString);
        assertEquals("digital-auth", links.get(0).asJsonObject().getString("identityProvider"));
        // the account's name is still the mapper's, unique and stable: card.<the app's pairwise sub>
        assertEquals(("card." + links.get(0).asJsonObject().getString("userId")).toLowerCase(java.util.Locale.ROOT),
                Platform.keycloakAdmin("GET", "/users/" + userId, null).json().getString("username"));
        assertEquals(List.of(), organizationsOf(userId), "no city before the person registers");
        assertEquals(0, verified(ama, "札幌 一郎"), "nothing recorded before registering");

        var me = b.post(Platform.base() + "/c/" + ama.code + "/card/join", "");
        assertEquals(200, me.statusCode(), me::body);
        assertTrue(b.url.endsWith("/c/" + ama.code + "/me"), b.url);
        assertTrue(me.body().contains("id=\"card-verified\"") && me.body().contains("マイナンバーカードで確認済み"), me::body);
        for (String shown : List.of("札幌 一郎", "兵庫県尼崎市東七松町1丁目23番1号", "昭和54年11月3日", "男性")) {
            assertTrue(me.body().contains(shown), () -> shown + " on マイページ: " + me.body());
        }
        assertEquals(List.of(ama.code), organizationsOf(userId), "a member of this city only");
        assertEquals(1, verified(ama, "札幌 一郎"));
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM audit_event WHERE action = 'member.join-card'"
                + " AND detail::text LIKE '%digital-auth%' AND entity_id IN (SELECT id::text FROM city_member"
                + " WHERE keycloak_user_id = ?)", userId), "this person's joining, audited once (other tests join too)");

        // not editable by the person: the profile form shows the card's name and refuses another one
        var edit = b.get(Platform.base() + "/c/" + ama.code + "/me/profile/edit");
        assertTrue(edit.body().contains("id=\"card-locked\"") && edit.body().contains("type=\"hidden\" name=\"fullName\"")
                && edit.body().split("name=\"fullName\"", -1).length == 2, edit::body);
        var changed = b.post(Platform.base() + "/c/" + ama.code + "/me/profile", "fullName=" + enc("別人 花子")
                + "&fullNameKana=" + enc("べつじん はなこ") + "&birthDate=1979-11-03&language=ja");
        assertEquals(400, changed.statusCode(), changed::body);
        assertTrue(changed.body().contains("<a href=\"#fullName\">" + CitizenRecords.CARD_LOCKED + "</a>"), changed::body);
        assertEquals(0, AttachmentsIT.count(ama, "SELECT count(*) FROM citizen_profile WHERE full_name = ?", "別人 花子"));

        // the other city: no membership, no record, nothing of the first city; registering there is its own step
        var other = b.get(Platform.base() + "/c/" + msn.code + "/me");
        assertFalse(other.body().contains(msn.canary) || other.body().contains("id=\"card-verified\""), other::body);
        assertEquals(List.of(ama.code), organizationsOf(userId));
        assertEquals(0, verified(msn, "札幌 一郎"));
    }

    @Test
    void aCardLinksToAnExistingAccountOnlyWithItsPasswordAndJoinsNoOtherCityByItself() throws Exception {
        setUp();
        // Musashino's citizen (a password account, member of Musashino only) signs in with their own card at Amagasaki
        String userId = keycloakUserByEmail(msn.citizen + "@example.jp");
        WebSignInIT.Browser b = new WebSignInIT.Browser();
        var review = signInWithCard(b, ama, "card-" + msn.code);
        var confirm = submitProfile(b, review, msn.citizen + "@example.jp", msn.citizen);
        // Keycloak finds the existing account and asks: never linked silently
        String confirmAction = WebSignInIT.formAction(confirm.body(), "kc-register-form");
        assertTrue(confirmAction != null && confirm.body().contains("linkAccount"), confirm::body);
        assertEquals(0, links(userId), "not linked by finding the account");
        var reauth = b.post(confirmAction, "submitAction=linkAccount");
        String login = WebSignInIT.formAction(reauth.body(), "kc-form-login");
        assertTrue(login != null && reauth.body().contains("password"), reauth::body);
        var wrong = b.post(login, "username=" + enc(msn.citizen) + "&password=" + enc("not-" + TEST_PASSWORD) + "&credentialId=");
        assertTrue(b.url.startsWith(Platform.keycloak()), b.url);
        assertEquals(0, links(userId), "a wrong password links nothing");
        var joined = b.signIn(wrong, msn.citizen, TEST_PASSWORD);
        assertEquals(1, links(userId), "linked after the existing account's password");
        // back at Amagasaki: offered to register, not a member; still Musashino's only
        assertTrue(b.url.startsWith(Platform.base() + "/c/" + ama.code + "/login"), b.url);
        assertTrue(joined.body().contains("id=\"card-join\""), joined::body);
        assertEquals(List.of(msn.code), organizationsOf(userId), "not made a member of Amagasaki");
        assertEquals(0, verified(ama, "試験 " + msn.canary), "nothing recorded in Amagasaki");
        assertEquals(0, AttachmentsIT.count(ama, "SELECT count(*) FROM city_member WHERE keycloak_user_id = ?", userId));
    }

    @Test
    void aTamperedOrForeignSignedIdTokenAWrongClientAssertionAndMissingPkceAreRefused() throws Exception {
        setUp();
        String id = "card-refused-" + System.nanoTime();
        addCard(id, "拒否 三郎", "1990-01-01", "1", "試験県");
        long accounts = cardAccounts();
        try {
            for (String mode : List.of("tamper-id-token", "foreign-key")) {
                mode(mode);
                long tokens = stat("idTokens");
                WebSignInIT.Browser b = new WebSignInIT.Browser();
                var page = signInWithCard(b, ama, id);
                assertEquals(tokens + 1, stat("idTokens"), mode + ": Keycloak received the ID token");
                assertRefusedByKeycloak(b, page, mode);
            }
            mode("normal");
            // Keycloak's client assertion checked against keys that are not Keycloak's: refused by the partner
            java.nio.file.Files.writeString(cardDir.resolve("clients").resolve(DigitalAuthClientKey.KEYCLOAK_CLIENT_ID
                    + ".properties"), "jwksUri=" + card.url("/certs") + "\nredirectUris=" + Platform.keycloak() + "/realms/"
                    + REALM + "/broker/digital-auth/endpoint\n");
            long clients = stat("refused:client");
            WebSignInIT.Browser b = new WebSignInIT.Browser();
            assertRefusedByKeycloak(b, signInWithCard(b, ama, id), "wrong client assertion");
            assertEquals(clients + 1, stat("refused:client"), "the partner refused the client assertion");
            DigitalAuthClientKey.registerKeycloak(cardDir, Platform.keycloak(), REALM);
            // Keycloak without PKCE: the card reader is never shown
            pkce("false");
            long authorizations = stat("refused:authorize");
            WebSignInIT.Browser c = new WebSignInIT.Browser();
            assertRefusedByKeycloak(c, signInWithCard(c, ama, id), "no PKCE");
            assertEquals(authorizations + 1, stat("refused:authorize"), "the partner refused the authorization request");
        } finally {
            mode("normal");
            DigitalAuthClientKey.registerKeycloak(cardDir, Platform.keycloak(), REALM);
            pkce("true");
        }
        assertEquals(accounts, cardAccounts(), "no account made");
    }

    /**
     * The My Number card's pages in a real headless Chromium at 390 px, each checked with axe-core (WCAG 2.0/2.1 A and
     * AA, every impact) and for sideways scroll: Keycloak's sign-in page with 「マイナンバーカードでサインイン」, Keycloak's
     * review of the new account's profile, Kyodo's 「この市区町村に登録」 page, マイページ with the card's verified facts, the
     * profile form with the card's name locked; then a citizen's application that needs the card signature: the review
     * page with 「マイナンバーカードで署名して申請」, the refusal when another person's card signs, and the receipt. The
     * simulated card reader (the partner's page, not Kyodo's) is only operated, not judged.
     */
    @Test
    void theCardSignInAndSignaturePagesPassAxeAtPhoneWidthInChromium() throws Exception {
        setUp();
        String id = "card-axe-" + System.nanoTime();
        addCard(id, "京都 花子", "1990-02-14", "2", "兵庫県尼崎市東七松町1丁目23番1号");
        java.util.List<String> problems = new java.util.ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/c/" + ama.code + "/login");
            b.find(org.openqa.selenium.By.id("social-digital-auth"));
            problems.addAll(BrowserIT.check(b, "sign-in with the card offered"));
            b.click(org.openqa.selenium.By.id("social-digital-auth"));
            b.waitForUrl(u -> u.startsWith(card.url("/authorize")));
            atTheCardReader(b, id, "1234");
            b.find(org.openqa.selenium.By.id("kc-idp-review-profile-form"));
            problems.addAll(BrowserIT.check(b, "Keycloak's review of the card's profile"));
            String form = b.find(org.openqa.selenium.By.id("kc-idp-review-profile-form")).getAttribute("outerHTML");
            assertFalse(form.contains("name=\"username\"") || form.contains("card.") || b.text().contains("card."), form);
            b.type(org.openqa.selenium.By.id("email"), id + "@example.jp");
            if (b.find(org.openqa.selenium.By.id("firstName")).getAttribute("value").isBlank()) {
                b.type(org.openqa.selenium.By.id("firstName"), "花子");
            }
            b.click(org.openqa.selenium.By.cssSelector("#kc-idp-review-profile-form [type=submit]"));
            b.find(org.openqa.selenium.By.id("card-join"));
            assertTrue(b.text().contains("京都 花子"), b::text);
            problems.addAll(BrowserIT.check(b, "register with this city by the card"));
            b.click(org.openqa.selenium.By.id("card-join"));
            b.find(org.openqa.selenium.By.id("card-verified"));
            problems.addAll(BrowserIT.check(b, "my page with the card's verified facts"));
            b.open(Platform.base() + "/c/" + ama.code + "/me/profile/edit");
            b.find(org.openqa.selenium.By.id("card-locked"));
            problems.addAll(BrowserIT.check(b, "profile form with the card's name locked"));
        }
        try (Chromium b = Chromium.start()) {
            b.open(base(ama) + "/new");
            b.signIn(ama.citizen, TEST_PASSWORD);
            b.click(org.openqa.selenium.By.cssSelector("form:has(input[value='" + procedure(ama) + "']) button[type=submit]"));
            b.click(org.openqa.selenium.By.cssSelector("button[value=review]"));
            b.waitForUrl(u -> u.endsWith("/review"));
            String review = b.url();
            problems.addAll(BrowserIT.check(b, "review with the card signature"));
            // another person's card: refused, back on the review page with the reason
            b.click(org.openqa.selenium.By.cssSelector("form[action$='/sign'] button"));
            b.waitForUrl(u -> u.startsWith(card.url("/authorize")));
            atTheCardReader(b, "shiken-jiro", "sign1234");
            b.waitForUrl(u -> u.endsWith("/review?signature=another-person"));
            b.find(org.openqa.selenium.By.cssSelector(".error-summary"));
            problems.addAll(BrowserIT.check(b, "review after another person's card"));
            b.open(review);
            b.click(org.openqa.selenium.By.cssSelector("form[action$='/sign'] button"));
            b.waitForUrl(u -> u.startsWith(card.url("/authorize")));
            atTheCardReader(b, "card-" + ama.code, "sign1234");
            b.waitForUrl(u -> u.contains("?received"));
            assertTrue(RECEIPT.matcher(b.text()).find(), b::text);
            problems.addAll(BrowserIT.check(b, "receipt of the signed application"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** The simulated card reader in the browser: this card, this PIN or password, 同意してログイン / 署名する. */
    private static void atTheCardReader(Chromium b, String cardId, String pin) {
        b.click(org.openqa.selenium.By.id("card-" + cardId));
        b.type(org.openqa.selenium.By.id("pin"), pin);
        b.click(org.openqa.selenium.By.cssSelector("button[value=approve]"));
        b.waitForUrl(u -> !u.startsWith(card.url("/")));
    }

    /** From the city's sign-in page through 「マイナンバーカードでサインイン」 and the card reader (PIN 1234). */
    private static HttpResponse<String> signInWithCard(WebSignInIT.Browser b, TestCity c, String cardId) throws Exception {
        var kc = b.get(Platform.base() + "/c/" + c.code + "/login");
        Matcher link = Pattern.compile("<a id=\"social-digital-auth\"[^>]*href=\"([^\"]+)\"[^>]*>([^<]+)</a>").matcher(kc.body());
        assertTrue(link.find(), () -> "a My Number card button on the sign-in page: " + kc.body());
        assertEquals("マイナンバーカードでサインイン", link.group(2).strip());
        var reader = b.get(URI.create(b.url).resolve(link.group(1).replace("&amp;", "&")).toString());
        if (!b.url.startsWith(card.url("/authorize?"))) {
            return reader; // refused before the card reader
        }
        assertTrue(b.url.contains("code_challenge_method=S256") && b.url.contains("client_id=kyodo-keycloak"), b.url);
        return b.post(card.url("/authorize"), "request=" + enc(request(reader)) + "&card=" + enc(cardId)
                + "&pin=1234&action=approve");
    }

    /** The value of the form's input {@code name}, as shown (null when there is none). */
    private static String inputValue(String page, String name) {
        Matcher input = Pattern.compile("<input\\b[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>").matcher(page);
        if (!input.find()) {
            return null;
        }
        Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input.group());
        return value.find() ? value.group(1) : "";
    }

    /**
     * Keycloak's review of the new account's profile: every field as shown, with this e-mail address and, unless null,
     * this first name.
     */
    private static HttpResponse<String> submitProfile(WebSignInIT.Browser b, HttpResponse<String> review, String email,
                                                      String firstName) throws Exception {
        String action = WebSignInIT.formAction(review.body(), "kc-idp-review-profile-form");
        assertTrue(action != null, review::body);
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher input = Pattern.compile("<input\\b[^>]*>").matcher(review.body());
        while (input.find()) {
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(input.group());
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input.group());
            if (name.find()) {
                fields.put(name.group(1), value.find() ? value.group(1).replace("&amp;", "&").replace("&quot;", "\"") : "");
            }
        }
        fields.put("email", email);
        if (firstName != null) {
            fields.put("firstName", firstName);
        }
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return b.post(action, form.toString());
    }

    private static void assertRefusedByKeycloak(WebSignInIT.Browser b, HttpResponse<String> page, String what) {
        assertTrue(b.url.startsWith(Platform.keycloak()), () -> what + ": stays at Keycloak: " + b.url);
        assertTrue(page.body().contains("結果を確認できなかったため、ログインしませんでした"), () -> what + ": " + page.body());
        assertFalse(page.body().contains("kc-idp-review-profile-form"), what + ": no account offered");
    }

    private static void addCard(String id, String name, String birthdate, String gender, String address) throws Exception {
        var added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(card.url("/_sim/cards")))
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("id", id).add("name", name)
                        .add("birthdate", birthdate).add("gender", gender).add("address", address).build().toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, added.statusCode(), added::body);
    }

    private static void mode(String mode) {
        assertEquals(200, call("POST", card.url("/_sim/mode"), null, "{\"mode\":\"" + mode + "\"}").status());
    }

    private static long stat(String name) {
        var stats = Platform.get(card.url("/_sim/stats"), null).json();
        return stats.containsKey(name) ? stats.getJsonNumber(name).longValue() : 0;
    }

    /** Turns PKCE of Keycloak's identity provider digital-auth on or off (the partner requires it). */
    private static void pkce(String enabled) {
        var idp = Platform.keycloakAdmin("GET", "/identity-provider/instances/digital-auth", null);
        assertEquals(200, idp.status(), idp::toString);
        var put = Platform.keycloakAdmin("PUT", "/identity-provider/instances/digital-auth",
                idp.body().replaceFirst("\"pkceEnabled\"\\s*:\\s*\"(true|false)\"", "\"pkceEnabled\":\"" + enabled + "\""));
        assertEquals(204, put.status(), put::toString);
    }

    private static String keycloakUserByEmail(String email) {
        var users = Platform.keycloakAdmin("GET", "/users?exact=true&email=" + enc(email), null).array();
        assertEquals(1, users.size(), users::toString);
        return users.get(0).asJsonObject().getString("id");
    }

    private static long cardAccounts() {
        return Platform.keycloakAdmin("GET", "/users?max=1000&username=card.", null).array().size();
    }

    private static int links(String userId) {
        return Platform.keycloakAdmin("GET", "/users/" + userId + "/federated-identity", null).array().size();
    }

    private static List<String> organizationsOf(String userId) {
        return Platform.keycloakAdmin("GET", "/organizations/members/" + userId + "/organizations", null).array().stream()
                .map(v -> v.asJsonObject().getString("alias")).sorted().toList();
    }

    private static long verified(TestCity c, String name) throws Exception {
        return AttachmentsIT.count(c, "SELECT count(*) FROM citizen_verified_identity WHERE full_name = ? "
                + "AND assurance_level = 'card-verified' AND identity_provider = 'digital-auth'", name);
    }

    // ---------------------------------------------------------------- helpers

    private static String procedure(TestCity c) {
        return c.code + "-card-signed";
    }

    private static String base(TestCity c) {
        return Platform.base() + "/c/" + c.code + "/me/applications";
    }

    private static WebSignInIT.Browser citizen(TestCity c) throws Exception {
        WebSignInIT.Browser b = new WebSignInIT.Browser();
        var list = b.signIn(b.get(base(c) + "/new"), c.citizen, TEST_PASSWORD);
        assertEquals(200, list.statusCode(), list::body);
        return b;
    }

    /** Starts a draft on the pages (pre-filled from the profile: whole at once); answers its id. */
    private static String draft(WebSignInIT.Browser b, TestCity c) throws Exception {
        b.get(base(c) + "/new");
        var form = b.post(base(c) + "/new", "procedureId=" + procedure(c));
        assertEquals(200, form.statusCode(), form::body);
        Matcher m = Pattern.compile("/me/applications/([0-9a-f-]{36})").matcher(b.url);
        assertTrue(m.find(), b.url);
        return m.group(1);
    }

    /** 「マイナンバーカードで署名して申請」 on the review page: answers the card reader's page. */
    private static HttpResponse<String> sign(WebSignInIT.Browser b, TestCity c, String id) throws Exception {
        b.get(base(c) + "/" + id + "/review");
        var reader = b.post(base(c) + "/" + id + "/sign", "");
        assertEquals(200, reader.statusCode(), reader::body);
        assertTrue(b.url.startsWith(card.url("/authorize?")), b.url);
        assertTrue(b.url.contains("code_challenge_method=S256") && b.url.contains("scope=openid+sign"), b.url);
        return reader;
    }

    private static HttpResponse<String> approve(WebSignInIT.Browser b, HttpResponse<String> reader, String cardId,
                                                String password) throws Exception {
        return b.post(card.url("/authorize"), "request=" + enc(request(reader)) + "&card=" + enc(cardId) + "&pin="
                + enc(password) + "&action=approve");
    }

    /** Approves at the card reader and keeps the way back instead of following it. */
    private static URI approveWithoutFollowing(HttpResponse<String> reader, String cardId) throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(card.url("/authorize")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "request=" + enc(request(reader)) + "&card=" + enc(cardId) + "&pin=sign1234&action=approve")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode(), r::body);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    private static String request(HttpResponse<String> reader) {
        Matcher m = REQUEST.matcher(reader.body());
        assertTrue(m.find(), reader::body);
        return m.group(1);
    }

    private static String state(HttpResponse<String> reader) {
        return param(reader.uri(), "state");
    }

    private static String param(URI uri, String name) {
        for (String p : uri.getRawQuery().split("&")) {
            if (p.startsWith(name + "=")) {
                return URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }

    private static void assertNothingFiled(String id, int refusals) throws Exception {
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application WHERE id = ?::uuid AND status = 'DRAFT' "
                + "AND signature IS NULL AND reception_number IS NULL", id));
        assertEquals(refusals, AttachmentsIT.count(ama, "SELECT count(*) FROM audit_event WHERE action = "
                + "'application.signature-refused' AND entity_id = ?", id));
    }
}
