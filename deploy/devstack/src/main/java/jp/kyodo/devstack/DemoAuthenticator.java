package jp.kyodo.devstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authenticator app of the dev realm's platform accounts ({@code vendor}, {@code analyst}): Kyodo refuses the
 * platform roles to a sign-in without a second factor, in dev mode too (docs/tenancy.md, "Second factor"), so the
 * dev realm gives those accounts a TOTP credential with this fixed, public key. It is a development value and exists
 * in {@code deploy/keycloak/kyodo-realm.json} only, never in the production realm.
 */
public final class DemoAuthenticator {

    /** The key as Keycloak stores it (its UTF-8 bytes are the HMAC key). */
    public static final String KEY = "kyodo-demo-authenticator-key";
    /** The dev realm's accounts that have this authenticator app. */
    public static final Set<String> ACCOUNTS = Set.of("vendor", "analyst");

    private DemoAuthenticator() {
    }

    /** The six-digit code an authenticator app with {@link #KEY} shows now (RFC 6238, HMAC-SHA1, 30 s). */
    public static String code() {
        return code(KEY, System.currentTimeMillis() / 30_000);
    }

    /** The code of the given key for the 30-second time step. */
    public static String code(String key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[h.length - 1] & 0x0f;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key in Base32, as an authenticator app asks for it when typed in by hand. */
    public static String base32() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] bytes = KEY.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
