package jp.kyodo.crm.applications.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import jp.kyodo.simulators.DigitalAuthSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kyodo's side of the signing flow ({@link DigitalAuthClient}, {@link SignatureCheck}) against the デジタル認証アプリ
 * simulator on loopback: private_key_jwt, the sign transaction, PKCE, the result, and every refusal the verifier owns —
 * another document, a changed signature, another CA's certificate, another person, a code used twice, a foreign key.
 */
class CardSignatureProtocolTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int port;
    private static int otherPort;
    private static Path dir;
    private static Path otherDir;

    @BeforeAll
    static void simulators() throws Exception {
        dir = Files.createTempDirectory("digital-auth");
        otherDir = Files.createTempDirectory("digital-auth-other");
        port = freePort();
        otherPort = freePort();
        register(dir, "kyodo", keyPair(dir));
        register(otherDir, "kyodo", keyPair(otherDir));
        DigitalAuthSimulator.main(new String[] {String.valueOf(port), dir.toString()});
        DigitalAuthSimulator.main(new String[] {String.valueOf(otherPort), otherDir.toString()});
    }

    @Test
    void aSignatureOverTheDocumentVerifiesAndEverythingElseIsRefused() throws Exception {
        DigitalAuthClient kyodo = client(port, dir);
        byte[] document = "{\"answers\":{\"main.name\":\"尼崎 太郎\"}}".getBytes(StandardCharsets.UTF_8);
        String digest = SignedDocument.sha256Hex(document);
        Signed s = sign(kyodo, port, digest, "amagasaki-taro");
        DigitalAuthClient.Result r = s.result();
        SignatureCheck.Signer signer = SignatureCheck.verify(document, digest, r.digest(), r.signature(), r.certificate(),
                kyodo.trustAnchor(), Instant.now());
        assertEquals("尼崎 太郎", signer.name());
        assertEquals(LocalDate.of(1988, 6, 15), signer.birthDate());
        SignatureCheck.samePerson(signer, "尼崎\u3000太郎", LocalDate.of(1988, 6, 15));
        assertEquals(signer, SignatureCheck.verifyStored(digest, r.signature(), r.certificate(), kyodo.trustAnchor(),
                Instant.now()));

        assertEquals("digest-mismatch", refused(() -> SignatureCheck.verify("{}".getBytes(StandardCharsets.UTF_8), digest,
                r.digest(), r.signature(), r.certificate(), kyodo.trustAnchor(), Instant.now())));
        byte[] changed = r.signature().clone();
        changed[17] ^= 1;
        assertEquals("signature-invalid", refused(() -> SignatureCheck.verify(document, digest, r.digest(), changed,
                r.certificate(), kyodo.trustAnchor(), Instant.now())));
        assertEquals("another-person", refused(() -> SignatureCheck.samePerson(signer, "試験 次郎", LocalDate.of(1988, 6, 15))));
        assertEquals("another-person", refused(() -> SignatureCheck.samePerson(signer, "尼崎 太郎", LocalDate.of(1988, 6, 16))));
        assertEquals("certificate-untrusted", refused(() -> SignatureCheck.verify(document, digest, r.digest(),
                r.signature(), r.certificate(), client(otherPort, otherDir).trustAnchor(), Instant.now())));
        assertEquals("certificate-untrusted", refused(() -> SignatureCheck.verify(document, digest, r.digest(),
                r.signature(), r.certificate(), kyodo.trustAnchor(), Instant.now().plusSeconds(20L * 365 * 86_400))));
        // a certificate of another CA that signed the same document: its own signature verifies, its CA is not trusted
        Signed foreign = sign(client(otherPort, otherDir), otherPort, digest, "amagasaki-taro");
        assertEquals("certificate-untrusted", refused(() -> SignatureCheck.verify(document, digest, foreign.result().digest(),
                foreign.result().signature(), foreign.result().certificate(), kyodo.trustAnchor(), Instant.now())));
        // the code is single use; the result needs the token of that transaction's own authorization
        assertThrows(DigitalAuthClient.Unavailable.class, () -> kyodo.exchange(s.code(), s.verifier(), s.redirect()));
        Signed second = sign(kyodo, port, digest, "shiken-jiro");
        assertThrows(DigitalAuthClient.Unavailable.class, () -> kyodo.result(s.transaction(), second.token()));
        SignatureCheck.Signer other = SignatureCheck.verify(document, digest, second.result().digest(),
                second.result().signature(), second.result().certificate(), kyodo.trustAnchor(), Instant.now());
        assertEquals("another-person", refused(() -> SignatureCheck.samePerson(other, "尼崎 太郎", LocalDate.of(1988, 6, 15))));
    }

    @Test
    void aClientWithAKeyThePartnerDoesNotKnowCannotCreateATransaction() throws Exception {
        DigitalAuthClient stranger = client(port, otherDir); // otherDir's key is registered with the other simulator only
        assertThrows(DigitalAuthClient.Unavailable.class, () -> stranger.createTransaction(new byte[32]));
    }

    // ---------------------------------------------------------------- helpers

    record Signed(String transaction, String code, String verifier, String redirect, String token,
                  DigitalAuthClient.Result result) {
    }

    /** The whole flow as the pages drive it: transaction, authorize, the card reader's approval, exchange, result. */
    private static Signed sign(DigitalAuthClient kyodo, int at, String digest, String card) throws Exception {
        String transaction = kyodo.createTransaction(HexFormat.of().parseHex(digest));
        String verifier = DigitalAuthClient.random();
        String redirect = "http://localhost:9080/c/282022/me/applications/signed";
        URI authorize = kyodo.authorize(transaction, redirect, "state-1", "nonce-1", DigitalAuthClient.challenge(verifier));
        String page = HTTP.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString()).body();
        String request = page.replaceAll("(?s).*name=\"request\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> back = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "request=" + request + "&card=" + card + "&pin=sign1234&action=approve")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, back.statusCode(), back::body);
        String location = back.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(redirect + "?code="), location);
        String code = URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        String token = kyodo.exchange(code, verifier, redirect);
        return new Signed(transaction, code, verifier, redirect, token, kyodo.result(transaction, token));
    }

    private interface Check {
        void run() throws Exception;
    }

    private static String refused(Check c) {
        try {
            c.run();
        } catch (SignatureCheck.Refused e) {
            return e.reason;
        } catch (Exception e) {
            return "unexpected " + e;
        }
        return "accepted";
    }

    private static DigitalAuthClient client(int at, Path keys) {
        DigitalAuthClient c = new DigitalAuthClient();
        c.url = "http://127.0.0.1:" + at;
        c.clientId = "kyodo";
        c.keyFile = keys.resolve("kyodo-client.key").toString();
        c.trustAnchorFile = keys.resolve("jpki-ca.pem").toString();
        return c;
    }

    private static byte[] keyPair(Path in) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var kp = g.generateKeyPair();
        Files.writeString(in.resolve("kyodo-client.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return kp.getPublic().getEncoded();
    }

    private static void register(Path in, String clientId, byte[] publicKey) throws Exception {
        Files.createDirectories(in.resolve("clients"));
        Files.writeString(in.resolve("clients").resolve(clientId + ".properties"), "publicKey="
                + Base64.getEncoder().encodeToString(publicKey) + "\nredirectUris=http://localhost:9080/c/*/me/applications/signed\n");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
