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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

        // Amagasaki's citizen approves; the way back is replayed on Mishima's pages by Mishima's citizen
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
