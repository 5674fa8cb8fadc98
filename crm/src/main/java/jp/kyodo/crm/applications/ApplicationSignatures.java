package jp.kyodo.crm.applications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Optional;
import jp.kyodo.crm.applications.internal.ApplicationRecords;
import jp.kyodo.crm.applications.internal.ApplicationRow;
import jp.kyodo.crm.applications.internal.DigitalAuthClient;
import jp.kyodo.crm.applications.internal.SignatureCheck;
import jp.kyodo.crm.applications.internal.SignedDocument;
import jp.kyodo.tenant.TenantContext;

/**
 * The My Number card signature kept with an application of the current city, checked again each time it is read
 * (the certificate is the trusted CA's, the signature verifies over the digest kept), for the staff's review page.
 * Callers have already decided that the reader may see the application.
 */
@ApplicationScoped
@Transactional
public class ApplicationSignatures {

    /**
     * A signature as staff see it.
     *
     * @param verified       the signature and its certificate verify now
     * @param matchesNow     the signed digest is still the digest of the application's answers and documents (false
     *                       when the citizen added documents after filing, answering a request)
     * @param signer         the certificate holder's name
     * @param certificateSerial the certificate's serial (hex)
     * @param digest         the SHA-256 signed (hex)
     */
    public record CardSignature(boolean verified, boolean matchesNow, String signer, String certificateSerial,
                                String digest, OffsetDateTime signedAt) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    ApplicationRecords apps;
    @Inject
    DigitalAuthClient cardSigning;

    public Optional<CardSignature> of(String applicationId) {
        ApplicationRow row = apps.find(applicationId, false);
        if (row.signature == null) {
            return Optional.empty();
        }
        boolean matches = row.signedDigest.equals(SignedDocument.sha256Hex(SignedDocument.bytes(tenant.city().code(), row,
                apps.files(row))));
        try {
            SignatureCheck.Signer s = SignatureCheck.verifyStored(row.signedDigest, row.signature, row.signatureCertificate,
                    cardSigning.trustAnchor(), row.signedAt.toInstant());
            return Optional.of(new CardSignature(true, matches, s.name(), s.serial(), row.signedDigest, row.signedAt));
        } catch (SignatureCheck.Refused | DigitalAuthClient.Unavailable e) {
            return Optional.of(new CardSignature(false, matches, row.signerName, null, row.signedDigest, row.signedAt));
        }
    }
}
