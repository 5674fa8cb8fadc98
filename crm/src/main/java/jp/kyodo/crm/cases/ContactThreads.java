package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.crm.cases.internal.ContactLinkRow;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.config.Config;

/**
 * The thread of a case for a person without a citizen account who left an e-mail address: each reply e-mail carries
 * a link {@code /c/<code>/inquiries/reply/<token>} (32 random bytes, base64url; only the SHA-256 is stored) to read
 * what the city wrote and answer back into the same case. A link works for a fixed time after it was issued
 * ({@code kyodo.contact.link-days}, 30 days) and only until the next reply's e-mail brings a newer one; links of a case
 * stop working 30 days after it is closed at the latest.
 * A wrong, expired or other city's token is "not found" (the lookup runs under the page's city, so row-level security
 * never shows another city's link). The absolute URL starts with {@code kyodo.public.url} (environment
 * {@code KYODO_PUBLIC_URL}; default {@code http://localhost:<kyodo.http.port>}).
 */
@ApplicationScoped
public class ContactThreads {

    /** How the contact is shown on the timeline when no name was logged. */
    public static final String CONTACT = "問い合わせた方";
    /** How the contact sees their own messages. */
    public static final String YOU = "あなた";
    static final int LINK_DAYS_AFTER_CLOSE = 30;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    CaseRecords cases;
    @Inject
    TenantContext tenant;
    @Inject
    AuditLog audit;
    @Inject
    Config config;

    /** The case as the contact sees it: only what is meant for them, staff shown as "市の担当者". */
    @Transactional
    public CaseDetail view(String token) {
        CaseRow row = byToken(token);
        audit.record("case.contact-view", "inquiry_case", row.id.toString(), Map.of());
        return contactView(row);
    }

    /** The contact answers back into the same case; a closed case refuses (409). */
    @Transactional
    public CaseDetail answer(String token, CaseMessage m) {
        Checks.valid(m);
        CaseRow row = byToken(token);
        cases.answered(row, row.contactName == null ? CONTACT : row.contactName + "（メール）", m.text());
        audit.record("case.contact-message", "inquiry_case", row.id.toString(), Map.of());
        return contactView(row);
    }

    /**
     * A new link for the case (called with a reply, in its transaction): stores the token's hash, returns the URL.
     * The case's earlier links stop working (only the newest e-mail's link opens the thread: a forwarded or leaked
     * older e-mail is worth nothing once the city has written again), and the new one works {@link #linkDays()} days
     * from now at most.
     */
    String issue(CaseRow row) {
        em.createNativeQuery("UPDATE case_contact_link SET expires_at = clock_timestamp() WHERE case_id = ?1 "
                + "AND (expires_at IS NULL OR expires_at > clock_timestamp())").setParameter(1, row.id).executeUpdate();
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        ContactLinkRow link = new ContactLinkRow();
        link.id = UUID.randomUUID();
        link.caseId = row.id;
        link.tokenHash = hash(token);
        link.createdAt = OffsetDateTime.now();
        link.expiresAt = link.createdAt.plusDays(linkDays());
        em.persist(link);
        return publicUrl() + "/c/" + tenant.city().code() + "/inquiries/reply/" + token;
    }

    /** The case was closed: its links work for 30 more days at most (never beyond their fixed lifetime). */
    void expireLinks(CaseRow row) {
        em.createNativeQuery("UPDATE case_contact_link SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), "
                + "now() + make_interval(days => ?1)) WHERE case_id = ?2").setParameter(1, LINK_DAYS_AFTER_CLOSE)
                .setParameter(2, row.id).executeUpdate();
    }

    /**
     * How long a link works after it was issued, whatever happens to the case: {@code kyodo.contact.link-days}
     * (environment {@code KYODO_CONTACT_LINK_DAYS}), 30 by default.
     */
    int linkDays() {
        return Math.max(1, config.getOptionalValue("kyodo.contact.link-days", Integer.class).orElse(LINK_DAYS_AFTER_CLOSE));
    }

    static String hash(String token) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CaseRow byToken(String token) {
        tenant.city();
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw ProblemException.notFound("inquiry");
        }
        ContactLinkRow link = em.createQuery("select l from ContactLinkRow l where l.tokenHash = :h", ContactLinkRow.class)
                .setParameter("h", hash(token)).getResultStream().findFirst().orElse(null);
        OffsetDateTime now = OffsetDateTime.now();
        // links issued before links had a fixed lifetime (no expires_at) get the same lifetime from their issue
        if (link == null || (link.expiresAt != null && link.expiresAt.isBefore(now))
                || link.createdAt.plusDays(linkDays()).isBefore(now)) {
            throw ProblemException.notFound("inquiry");
        }
        CaseRow row = em.find(CaseRow.class, link.caseId);
        if (row == null || row.citizenUsername != null) {
            throw ProblemException.notFound("inquiry");
        }
        return row;
    }

    private CaseDetail contactView(CaseRow row) {
        CaseDetail d = cases.detail(row, true);
        List<CaseEvent> timeline = d.timeline().stream().map(e -> new CaseEvent(e.id(), e.at(), e.kind(),
                e.kind() == EventKind.CITIZEN_MESSAGE ? YOU : MyInquiries.CITY_STAFF, e.visibleToCitizen(), e.body()))
                .toList();
        return new CaseDetail(d.id(), d.receptionNumber(), d.channel(), d.category(), d.subject(), d.department(),
                d.priority(), d.status(), null, null, 0, null, null, row.contactName, null, null, d.language(), null,
                null, d.createdAt(), d.updatedAt(), null, null, d.firstResponseAt(), d.resolvedAt(), timeline);
    }

    private String publicUrl() {
        return jp.kyodo.tenant.web.PublicUrl.base();
    }
}
