package jp.kyodo.agents.llm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets stored in the database (the cities' LLM API keys). The stored form is
 * {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}; the city's id is the associated data, so a value copied
 * into another city's row does not decrypt. The key comes from {@code kyodo.secrets.key}: 32 bytes in base64, or any
 * other text, which is stretched with SHA-256.
 */
public final class SecretBox {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretBox(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("no secrets key");
        }
        byte[] k = null;
        try {
            byte[] decoded = Base64.getDecoder().decode(configured.strip());
            if (decoded.length == 32) {
                k = decoded;
            }
        } catch (IllegalArgumentException notBase64) {
            // a passphrase
        }
        if (k == null) {
            try {
                k = MessageDigest.getInstance("SHA-256").digest(configured.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        this.key = new SecretKeySpec(k, "AES");
    }

    public byte[] seal(String plain, String context) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** The plain text, or an exception when the key or the context is wrong or the value was altered. */
    public String open(byte[] sealed, String context) {
        try {
            if (sealed == null || sealed.length < NONCE + TAG_BITS / 8) {
                throw new GeneralSecurityException("too short");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored secret cannot be decrypted with the configured key");
        }
    }
}
