package jp.kyodo.admin.vendor.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.admin.vendor.VendorJob;

/**
 * The vendor's jobs in the platform tables {@code vendor_job} and {@code vendor_job_row} (tenant-core V20), each call
 * its own transaction. A job is claimed with a lease on the database clock ({@code FOR UPDATE SKIP LOCKED}, then a
 * conditional update), so two servers never run it at once; {@code attempts} is the claim's fencing number: a server
 * whose lease ran out and was taken over can no longer renew it, mark a row or finish the job.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class VendorJobStore {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    /** A row to insert with a new onboarding job. */
    public record NewRow(int line, String code, String adminEmail, String adminUsername, String reason, List<String> values) {
    }

    /** A claimed job: its id, kind, city, who asked, and the claim's fencing number. */
    public record Claim(UUID id, String kind, String cityCode, String createdBy, String createdBySubject, int attempt) {
    }

    /** A row to run: its line, code, e-mail, user name and whether an earlier claim had started it (interrupted). */
    public record Pending(int line, String code, String adminEmail, String adminUsername, boolean interrupted) {
    }

    public UUID insert(String kind, String cityCode, String status, String by, String subject, String fileName,
                       String encoding, byte[] payload, String resultJson) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO vendor_job (id, kind, city_code, status, created_by, created_by_subject, "
                        + "file_name, encoding, payload, confirmed_at, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS bytea), "
                        + "CASE WHEN ? = 'QUEUED' THEN now() END, CAST(? AS jsonb))")
                .setParameter(1, id).setParameter(2, kind).setParameter(3, cityCode).setParameter(4, status)
                .setParameter(5, by).setParameter(6, subject).setParameter(7, fileName).setParameter(8, encoding)
                .setParameter(9, payload).setParameter(10, status).setParameter(11, resultJson).executeUpdate();
        return id;
    }

    public UUID insertOnboarding(String by, String subject, String fileName, String encoding, List<NewRow> rows) {
        UUID id = insert("ONBOARD", null, "CHECKED", by, subject, fileName, encoding, null, "{}");
        for (NewRow r : rows) {
            JsonArrayBuilder values = Json.createArrayBuilder();
            r.values().forEach(values::add);
            em.createNativeQuery("INSERT INTO vendor_job_row (job_id, line_no, code, admin_email, admin_username, state, "
                            + "reason, reason_values) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")
                    .setParameter(1, id).setParameter(2, r.line()).setParameter(3, cut(r.code(), 100))
                    .setParameter(4, cut(r.adminEmail(), 300)).setParameter(5, cut(r.adminUsername(), 100))
                    .setParameter(6, r.reason() == null ? "VALID" : "INVALID").setParameter(7, r.reason())
                    .setParameter(8, values.build().toString()).executeUpdate();
        }
        return id;
    }

    /**
     * The vendor confirms a checked job: it is queued, its valid rows become PENDING and the others SKIPPED. False
     * when the job was not waiting for a confirmation (confirmed already, or unknown): the same post twice queues once.
     */
    public boolean confirm(UUID id) {
        int n = em.createNativeQuery("UPDATE vendor_job SET status = 'QUEUED', confirmed_at = now() WHERE id = ? "
                + "AND status = 'CHECKED'").setParameter(1, id).executeUpdate();
        if (n == 1) {
            em.createNativeQuery("UPDATE vendor_job_row SET state = CASE WHEN state = 'VALID' THEN 'PENDING' ELSE "
                    + "'SKIPPED' END WHERE job_id = ?").setParameter(1, id).executeUpdate();
        }
        return n == 1;
    }

    /** The vendor drops a job that was checked and not confirmed (its rows and file go). */
    public boolean cancel(UUID id) {
        return em.createNativeQuery("UPDATE vendor_job SET status = 'CANCELLED', payload = NULL, finished_at = now() "
                + "WHERE id = ? AND status = 'CHECKED'").setParameter(1, id).executeUpdate() == 1;
    }

    /** Claims the oldest job that is queued, or running under a lease that ran out (its server stopped). */
    public Optional<Claim> claim(int leaseSeconds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE vendor_job SET status = 'RUNNING', attempts = attempts + 1, "
                        + "lease_until = now() + make_interval(secs => ?) WHERE id = (SELECT id FROM vendor_job WHERE "
                        + "status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < now()) ORDER BY confirmed_at, id "
                        + "LIMIT 1 FOR UPDATE SKIP LOCKED) AND (status = 'QUEUED' OR lease_until < now()) "
                        + "RETURNING id, kind, city_code, created_by, created_by_subject, attempts")
                .setParameter(1, leaseSeconds).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Claim((UUID) r[0], (String) r[1], r[2] == null ? null : r[2].toString().strip(),
                (String) r[3], (String) r[4], ((Number) r[5]).intValue()));
    }

    /** Extends the claim; false when this claim no longer holds the job (taken over, or finished). */
    public boolean renew(Claim c, int leaseSeconds) {
        return em.createNativeQuery("UPDATE vendor_job SET lease_until = now() + make_interval(secs => ?) WHERE id = ? "
                        + "AND status = 'RUNNING' AND attempts = ?").setParameter(1, leaseSeconds).setParameter(2, c.id())
                .setParameter(3, c.attempt()).executeUpdate() == 1;
    }

    /** The next row to run of an onboarding job (PENDING, or RUNNING from a claim that stopped), in file order. */
    public Optional<Pending> nextRow(Claim c) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT line_no, code, admin_email, admin_username, state FROM "
                        + "vendor_job_row WHERE job_id = ? AND state IN ('PENDING', 'RUNNING') ORDER BY line_no LIMIT 1")
                .setParameter(1, c.id()).getResultList();
        return rows.stream().findFirst().map(r -> new Pending(((Number) r[0]).intValue(), (String) r[1], (String) r[2],
                (String) r[3], "RUNNING".equals(r[4])));
    }

    /** Marks a row RUNNING before its city is created, so that a server stopping in the middle leaves a trace. */
    public boolean start(Claim c, int line) {
        return em.createNativeQuery("UPDATE vendor_job_row r SET state = 'RUNNING' FROM vendor_job j WHERE r.job_id = ? "
                        + "AND r.line_no = ? AND j.id = r.job_id AND j.status = 'RUNNING' AND j.attempts = ?")
                .setParameter(1, c.id()).setParameter(2, line).setParameter(3, c.attempt()).executeUpdate() == 1;
    }

    /** A row's outcome: DONE or FAILED, the reason as a message key with its values, the sealed temporary password. */
    public void finishRow(Claim c, int line, String state, String reason, List<String> values, byte[] password) {
        JsonArrayBuilder v = Json.createArrayBuilder();
        values.forEach(v::add);
        em.createNativeQuery("UPDATE vendor_job_row SET state = ?, reason = ?, reason_values = CAST(? AS jsonb), "
                        + "admin_password = CAST(? AS bytea), finished_at = now() WHERE job_id = ? AND line_no = ?")
                .setParameter(1, state).setParameter(2, reason).setParameter(3, v.build().toString())
                .setParameter(4, password).setParameter(5, c.id()).setParameter(6, line).executeUpdate();
    }

    /** The job is over: DONE (or FAILED with a reason), its uploaded file dropped, an export's result kept. */
    public boolean finish(Claim c, String status, String errorCode, String errorDetail, byte[] result, String resultJson) {
        return em.createNativeQuery("UPDATE vendor_job SET status = ?, error_code = ?, error_detail = ?, payload = CAST(? AS bytea), "
                        + "result = CAST(? AS jsonb), finished_at = now(), lease_until = NULL WHERE id = ? "
                        + "AND status = 'RUNNING' AND attempts = ?")
                .setParameter(1, status).setParameter(2, errorCode).setParameter(3, cut(errorDetail, 2000))
                .setParameter(4, result).setParameter(5, resultJson == null ? "{}" : resultJson)
                .setParameter(6, c.id()).setParameter(7, c.attempt()).executeUpdate() == 1;
    }

    public Optional<VendorJob> find(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT j.id, j.kind, j.city_code, j.status, j.created_by, j.created_at, "
                        + "j.finished_at, j.file_name, j.encoding, j.error_code, j.error_detail, "
                        + "(SELECT count(*) FROM vendor_job_row r WHERE r.job_id = j.id AND r.state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')), "
                        + "(SELECT count(*) FROM vendor_job_row r WHERE r.job_id = j.id AND r.state = 'DONE'), "
                        + "(SELECT count(*) FROM vendor_job_row r WHERE r.job_id = j.id AND r.state = 'FAILED'), "
                        + "(SELECT count(*) FROM vendor_job_row r WHERE r.job_id = j.id AND r.state IN ('PENDING', 'RUNNING')), "
                        + "(SELECT count(*) FROM vendor_job_row r WHERE r.job_id = j.id AND r.state IN ('SKIPPED', 'INVALID')), "
                        + "j.payload IS NOT NULL, coalesce(octet_length(j.payload), 0), j.result::text, j.created_by_subject "
                        + "FROM vendor_job j WHERE j.id = ?").setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(r -> new VendorJob((UUID) r[0], (String) r[1],
                r[2] == null ? null : r[2].toString().strip(), (String) r[3], (String) r[4], (String) r[19], time(r[5]),
                time(r[6]), (String) r[7], (String) r[8], (String) r[9], (String) r[10], n(r[11]), n(r[12]), n(r[13]),
                n(r[14]), n(r[15]), Boolean.TRUE.equals(r[16]), ((Number) r[17]).longValue(), (String) r[18]));
    }

    /** The rows of an onboarding job in file order, the sealed passwords as they are. */
    public List<Object[]> rows(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT line_no, code, admin_email, admin_username, state, reason, "
                + "reason_values::text, admin_password FROM vendor_job_row WHERE job_id = ? ORDER BY line_no")
                .setParameter(1, id).getResultList();
        return rows;
    }

    /** The job's stored file (an import's upload, an export's result), if any. */
    public Optional<byte[]> payload(UUID id) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = em.createNativeQuery("SELECT payload FROM vendor_job WHERE id = ? AND payload IS NOT NULL")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst();
    }

    /** The newest jobs, for the console's list. */
    public List<UUID> recent(int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM vendor_job WHERE status <> 'CANCELLED' ORDER BY created_at "
                + "DESC LIMIT ?").setParameter(1, limit).getResultList();
        return new ArrayList<>(ids);
    }

    /** The vendor has noted the temporary passwords: they are erased. */
    public int erasePasswords(UUID id) {
        return em.createNativeQuery("UPDATE vendor_job_row SET admin_password = NULL WHERE job_id = ? "
                + "AND admin_password IS NOT NULL").setParameter(1, id).executeUpdate();
    }

    /**
     * What is kept only for a while: exports' files and temporary passwords 24 hours after their job finished,
     * uploads of checked jobs never confirmed after 24 hours.
     */
    public void expire(int hours) {
        em.createNativeQuery("UPDATE vendor_job SET payload = NULL WHERE payload IS NOT NULL AND ((finished_at IS NOT NULL "
                + "AND finished_at < now() - make_interval(hours => ?)) OR (status = 'CHECKED' AND created_at < now() - "
                + "make_interval(hours => ?)))").setParameter(1, hours).setParameter(2, hours).executeUpdate();
        em.createNativeQuery("UPDATE vendor_job_row r SET admin_password = NULL FROM vendor_job j WHERE j.id = r.job_id "
                + "AND r.admin_password IS NOT NULL AND j.finished_at < now() - make_interval(hours => ?)")
                .setParameter(1, hours).executeUpdate();
    }

    private static int n(Object o) {
        return o == null ? 0 : ((Number) o).intValue();
    }

    private static OffsetDateTime time(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The JSON array text of a row's values as strings. */
    public static List<String> values(String json) {
        List<String> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        try (var r = Json.createReader(new StringReader(json))) {
            r.readArray().forEach(v -> out.add(v instanceof jakarta.json.JsonString s ? s.getString() : v.toString()));
        }
        return out;
    }
}
