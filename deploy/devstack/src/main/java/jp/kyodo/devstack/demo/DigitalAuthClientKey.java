package jp.kyodo.devstack.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Kyodo's client registration with the デジタル認証アプリ simulator, as an operator does it with the real app: Kyodo's
 * own P-256 key pair (the private key stays with Kyodo, {@code KYODO_DIGITAL_AUTH_CLIENT_KEY_FILE}), and only the
 * public key with the allowed redirect URIs handed to the partner ({@code <dir>/clients/<clientId>.properties}).
 * The simulator writes its CA certificate, Kyodo's trust anchor, to {@code <dir>/jpki-ca.pem}.
 */
public final class DigitalAuthClientKey {

    public static final String CLIENT_ID = "kyodo";

    private DigitalAuthClientKey() {
    }

    /** The private key file Kyodo signs its client assertions with. */
    public static Path keyFile(Path dir) {
        return dir.resolve("kyodo-client.key");
    }

    /** The simulated JPKI CA certificate Kyodo trusts for signatures. */
    public static Path trustAnchor(Path dir) {
        return dir.resolve("jpki-ca.pem");
    }

    /** Creates the key pair once (kept across restarts) and registers its public half and the redirect URIs. */
    public static void register(Path dir, List<String> redirectUris) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir.resolve("clients"));
        Path key = keyFile(dir);
        KeyFactory ec = KeyFactory.getInstance("EC");
        byte[] publicKey;
        if (Files.exists(key)) {
            String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            ECPrivateKey priv = (ECPrivateKey) ec.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            publicKey = Files.readAllBytes(dir.resolve("kyodo-client.pub"));
            if (priv == null || publicKey.length == 0) {
                throw new IllegalStateException("the client key in " + dir + " is unreadable");
            }
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            var kp = g.generateKeyPair();
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                    kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            publicKey = kp.getPublic().getEncoded();
            Files.write(dir.resolve("kyodo-client.pub"), publicKey);
        }
        Files.writeString(dir.resolve("clients").resolve(CLIENT_ID + ".properties"),
                "# Kyodo's registration: its public key (X.509 SubjectPublicKeyInfo, base64) and redirect URIs\n"
                        + "publicKey=" + Base64.getEncoder().encodeToString(publicKey) + "\n"
                        + "redirectUris=" + String.join(",", redirectUris) + "\n");
    }

    /** The redirect URIs of Kyodo's pages on this port (every city: one path segment is the city's code). */
    public static List<String> redirectUris(int httpPort) {
        return List.of("http://localhost:" + httpPort + "/c/*/me/applications/signed",
                "http://127.0.0.1:" + httpPort + "/c/*/me/applications/signed");
    }
}
