package jp.kyodo.crm.applications.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;

/**
 * Verifies a My Number card signature over a document: the signed digest is the document's, the certificate (the
 * simulated 署名用電子証明書) was issued by the trusted CA and is valid now, the signature verifies with its key, and
 * its holder is the person filing (name and date of birth, the 基本4情報 the certificate carries). Pure: no I/O.
 */
public final class SignatureCheck {

    // JPKI-like extensions of the 署名用電子証明書 (see deploy/simulators/README.md)
    static final String OID_NAME = "1.2.392.200149.8.5.5.1";
    static final String OID_BIRTHDATE = "1.2.392.200149.8.5.5.4";

    /** Why a signature is refused; {@code reason} is a stable code for pages and the audit log. */
    public static final class Refused extends Exception {
        public final String reason;

        public Refused(String reason, String why) {
            super(why);
            this.reason = reason;
        }
    }

    /** Who signed, as the certificate says. */
    public record Signer(String name, LocalDate birthDate, String serial, String issuer) {
    }

    private SignatureCheck() {
    }

    /**
     * @param document       the canonical bytes of what is filed now
     * @param expectedDigest the hex SHA-256 Kyodo sent to be signed
     * @param signedDigest   the digest the partner says was signed
     */
    public static Signer verify(byte[] document, String expectedDigest, byte[] signedDigest, byte[] signature,
                                byte[] certificate, X509Certificate anchor, Instant now) throws Refused {
        byte[] digest = sha256(document);
        if (!HexFormat.of().formatHex(digest).equals(expectedDigest) || !Arrays.equals(digest, signedDigest)) {
            throw new Refused("digest-mismatch", "the signed digest is not the digest of the document filed now");
        }
        X509Certificate cert = trusted(certificate, anchor, now);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(cert.getPublicKey());
            s.update(document);
            if (!s.verify(signature)) {
                throw new Refused("signature-invalid", "the signature does not verify over the document");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refused("signature-invalid", "the signature does not verify over the document");
        }
        return signer(cert);
    }

    private static final byte[] SHA256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");

    /**
     * Checks a stored signature again, as staff read it: the certificate is the trusted CA's and the signature
     * verifies over the stored digest. Answers the signer, or throws why not.
     */
    public static Signer verifyStored(String digestHex, byte[] signature, byte[] certificate, X509Certificate anchor,
                                      Instant signedAt) throws Refused {
        X509Certificate cert = trusted(certificate, anchor, signedAt);
        try {
            Signature s = Signature.getInstance("NONEwithRSA");
            s.initVerify(cert.getPublicKey());
            s.update(SHA256_DIGEST_INFO);
            s.update(HexFormat.of().parseHex(digestHex));
            if (!s.verify(signature)) {
                throw new Refused("signature-invalid", "the signature does not verify over the stored digest");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refused("signature-invalid", "the signature does not verify over the stored digest");
        }
        return signer(cert);
    }

    /** The signer is the person filing: the same name (spaces ignored) and date of birth as their profile. */
    public static void samePerson(Signer signer, String fullName, LocalDate birthDate) throws Refused {
        if (fullName == null || birthDate == null || !plain(fullName).equals(plain(signer.name()))
                || !birthDate.equals(signer.birthDate())) {
            throw new Refused("another-person", "the card's holder is not the person filing");
        }
    }

    /** The certificate, read and checked: issued by the trusted CA, valid at {@code at}. */
    private static X509Certificate trusted(byte[] certificate, X509Certificate anchor, Instant at) throws Refused {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refused("certificate-invalid", "the certificate cannot be read");
        }
        if (!cert.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
            throw new Refused("certificate-untrusted", "the certificate is not issued by the trusted CA");
        }
        try {
            cert.verify(anchor.getPublicKey());
            cert.checkValidity(Date.from(at));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refused("certificate-untrusted", "the certificate is not valid or not issued by the trusted CA");
        }
        return cert;
    }

    private static Signer signer(X509Certificate cert) throws Refused {
        String name = extension(cert, OID_NAME);
        String birth = extension(cert, OID_BIRTHDATE);
        LocalDate born;
        try {
            born = birth == null ? null : LocalDate.parse(birth, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (RuntimeException e) {
            born = null;
        }
        if (name == null || born == null) {
            throw new Refused("certificate-invalid", "the certificate carries no name or date of birth");
        }
        return new Signer(name, born, cert.getSerialNumber().toString(16), cert.getIssuerX500Principal().getName());
    }

    private static String plain(String name) {
        return name.replaceAll("[\\s\u3000]", "");
    }

    /** A UTF8String extension value (the DER OCTET STRING wraps a UTF8String), or null. */
    static String extension(X509Certificate cert, String oid) {
        byte[] v = cert.getExtensionValue(oid);
        if (v == null) {
            return null;
        }
        int[] at = {0};
        byte[] inner = read(v, at, 0x04);
        at[0] = 0;
        byte[] text = inner == null ? null : read(inner, at, 0x0c);
        return text == null ? null : new String(text, StandardCharsets.UTF_8);
    }

    private static byte[] read(byte[] b, int[] at, int tag) {
        int i = at[0];
        if (b.length < i + 2 || (b[i] & 0xff) != tag) {
            return null;
        }
        int len = b[i + 1] & 0xff;
        i += 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int k = 0; k < n; k++) {
                len = (len << 8) | (b[i++] & 0xff);
            }
        }
        if (i + len > b.length) {
            return null;
        }
        at[0] = i + len;
        return Arrays.copyOfRange(b, i, i + len);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
