package jp.kyodo.admin.vendor;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jp.kyodo.admin.vendor.internal.VendorJobStore;
import jp.kyodo.admin.vendor.internal.VendorJobStore.Claim;
import jp.kyodo.admin.vendor.internal.VendorJobStore.Pending;
import jp.kyodo.agents.llm.SecretBox;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.lifecycle.CityLifecycle;
import jp.kyodo.tenant.lifecycle.CityView;
import jp.kyodo.tenant.lifecycle.CreateCity;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.sweeps.CitySweeps;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vendor console's background jobs: onboarding many cities from a CSV of codes, and one city's export or import.
 * Every city is made, exported or imported by {@link CityLifecycle} — the service behind {@code /api/v1/cities} —
 * exactly as one request would, one after another, as the vendor who confirmed the job.
 *
 * <p>A confirmed job is queued in the database and handed to the server's managed executor at once; every
 * {@code kyodo.vendor.jobs-poll-seconds} (default 10) each server also looks for queued jobs and for jobs whose lease
 * ran out (their server stopped), so a job goes on whether or not anybody keeps its page open, and on another server
 * if its own one stops. A claim holds the job for {@code kyodo.vendor.jobs-lease-seconds} (default 120), renewed after
 * every row; two servers never run the same job (see {@link VendorJobStore}).
 *
 * <p>Onboarding runs row by row: a row that fails is recorded with its reason and the next row runs. A failed city
 * leaves nothing: {@link CityLifecycle#create} removes what its attempt made in Keycloak and the database. A city that
 * became a tenant after the check (another vendor, the API) is left untouched and the row says so.
 */
@ApplicationScoped
public class VendorJobs {

    private static final Logger LOG = Logger.getLogger(VendorJobs.class.getName());
    /** Exports' files and temporary passwords are kept this long after their job finished. */
    public static final int KEPT_HOURS = 24;
    /**
     * How long an export or import holds its job: it is one call that cannot renew its lease midway, and running an
     * import a second time while the first still runs would find the first's accounts and fail it.
     */
    static final int WHOLE_JOB_LEASE_SECONDS = 3600;

    @Inject
    VendorJobStore store;
    @Inject
    CityLifecycle lifecycle;
    @Inject
    RequestIdentity identity;
    @Inject
    CitySweeps sweeps;
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    VendorJobs self;
    @Inject
    @ConfigProperty(name = "kyodo.vendor.jobs-poll-seconds", defaultValue = "10")
    int pollSeconds;
    @Inject
    @ConfigProperty(name = "kyodo.vendor.jobs-lease-seconds", defaultValue = "120")
    int leaseSeconds;

    void onStart(@Observes Startup startup) {
        if (pollSeconds > 0 && sweeps.every("vendor jobs", Math.min(pollSeconds, 10), pollSeconds, this::runDue)) {
            LOG.info("[kyodo] vendor jobs: queued and abandoned jobs are looked for every " + pollSeconds + " s");
        }
    }

    // ------------------------------------------------------------------ what the pages ask

    /** Stores the checked file as a job waiting for the vendor's confirmation; nothing is created yet. */
    public UUID checkOnboarding(String vendor, String subject, String fileName, CityCodesCsv.Checked checked) {
        List<VendorJobStore.NewRow> rows = checked.rows().stream().map(r -> new VendorJobStore.NewRow(r.line(), r.code(),
                r.adminEmail(), r.adminUsername(), r.reason(), r.values())).toList();
        return store.insertOnboarding(vendor, subject, fileName, checked.encoding(), rows);
    }

    /** The codes of every city on this deployment that is not deleted (any other state counts as a tenant). */
    public Set<String> onboarded() {
        return lifecycle.list().stream().filter(c -> !"DELETED".equals(c.status())).map(CityView::code)
                .collect(Collectors.toSet());
    }

    /** Confirms a checked job (an onboarding or an import) and starts it; false when it was not waiting. */
    public boolean confirm(UUID id) {
        boolean confirmed = store.confirm(id);
        if (confirmed) {
            kick();
        }
        return confirmed;
    }

    public boolean cancel(UUID id) {
        return store.cancel(id);
    }

    /** Queues the export of a city (it must exist: 404 problem otherwise) and starts it. */
    public UUID startExport(String code, String vendor, String subject) {
        lifecycle.get(code);
        UUID id = store.insert("EXPORT", code, "QUEUED", vendor, subject, null, null, null, "{}");
        kick();
        return id;
    }

    /**
     * Checks an import file for a city as the import itself will (format, city active and empty, members, account
     * clashes; the import's problem is thrown when one fails) and keeps it as a job waiting for confirmation.
     */
    public UUID checkImport(String code, String vendor, String subject, String fileName, byte[] file) {
        CityLifecycle.ImportCheck check = lifecycle.checkImport(code, parse(file));
        return store.insert("IMPORT", code, "CHECKED", vendor, subject, fileName, "UTF-8", file, Json.createObjectBuilder()
                .add("accounts", check.accounts()).add("rows", check.rows()).build().toString());
    }

    public Optional<VendorJob> find(UUID id) {
        return store.find(id);
    }

    public List<VendorJob> recent(int limit) {
        return store.recent(limit).stream().map(store::find).flatMap(Optional::stream).toList();
    }

    /** The onboarding job's rows; a temporary password is opened only when {@code passwords} is true. */
    public List<VendorJob.Row> rows(UUID id, boolean passwords) {
        List<VendorJob.Row> out = new ArrayList<>();
        for (Object[] r : store.rows(id)) {
            int line = ((Number) r[0]).intValue();
            String code = (String) r[1];
            String password = null;
            if (passwords && r[7] instanceof byte[] sealed) {
                try {
                    password = box().open(sealed, id + ":" + line);
                } catch (RuntimeException e) {
                    password = null;
                }
            }
            out.add(new VendorJob.Row(line, code, CityCodesCsv.nameOf(code), (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5], VendorJobStore.values((String) r[6]), password));
        }
        return out;
    }

    public Optional<byte[]> download(UUID id) {
        return store.payload(id);
    }

    public int erasePasswords(UUID id) {
        return store.erasePasswords(id);
    }

    // ------------------------------------------------------------------ running

    /** Hands the queue to the managed executor now (the periodic look would find it too, a little later). */
    private void kick() {
        try {
            executor.execute(this::runDue);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] vendor jobs: could not start at once; the periodic run will: " + e, e);
        }
    }

    /** Runs every job that can be claimed, one after another, and drops what is kept only for a while. */
    void runDue() {
        try {
            store.expire(KEPT_HOURS);
            for (int i = 0; i < 100; i++) {
                Optional<Claim> claim = store.claim(leaseSeconds);
                if (claim.isEmpty()) {
                    return;
                }
                self.run(claim.get());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] vendor jobs: a run failed; the next one retries: " + e, e);
        }
    }

    /** Runs one claimed job as the vendor who asked for it (a request context of its own). */
    @ActivateRequestContext
    public void run(Claim c) {
        identity.set(c.createdBy(), c.createdBySubject(), Set.of("vendor"));
        if (!"ONBOARD".equals(c.kind()) && !store.renew(c, WHOLE_JOB_LEASE_SECONDS)) {
            return; // an export or import is one call of the lifecycle: it holds the job for an hour, not row by row
        }
        switch (c.kind()) {
            case "ONBOARD" -> onboard(c);
            case "EXPORT" -> export(c);
            case "IMPORT" -> importFile(c);
            default -> store.finish(c, "FAILED", "unknown-kind", c.kind(), null, null);
        }
    }

    private void onboard(Claim c) {
        while (true) {
            Optional<Pending> next = store.nextRow(c);
            if (next.isEmpty()) {
                store.finish(c, "DONE", null, null, null, null);
                return;
            }
            Pending p = next.get();
            if (!store.renew(c, leaseSeconds) || !store.start(c, p.line())) {
                LOG.warning("[kyodo] vendor job " + c.id() + ": the claim was taken over; this server stops");
                return;
            }
            onboardRow(c, p);
        }
    }

    /** One city: never touches a city that is a tenant already; any failure is the row's, and the next row runs. */
    private void onboardRow(Claim c, Pending p) {
        try {
            Optional<CityStatus> state = lifecycle.state(p.code());
            if (state.isPresent() && state.get() != CityStatus.DELETED
                    && !(p.interrupted() && state.get() == CityStatus.PROVISIONING)) {
                // a tenant already (made since the check, by another vendor or the API, or being made now): untouched
                store.finishRow(c, p.line(), "FAILED", "vendor.batch.run.exists", List.of(CityCodesCsv.nameOf(p.code())), null);
                return;
            }
            CityView v = lifecycle.create(new CreateCity(p.code(), p.adminUsername().isEmpty() ? null : p.adminUsername(),
                    p.adminEmail(), null, null));
            if (!v.created()) {
                store.finishRow(c, p.line(), "FAILED", "vendor.batch.run.exists", List.of(CityCodesCsv.nameOf(p.code())), null);
                return;
            }
            byte[] sealed = null;
            if (v.adminInitialPassword() != null) {
                try {
                    sealed = box().seal(v.adminInitialPassword(), c.id() + ":" + p.line());
                } catch (RuntimeException noKey) {
                    LOG.warning("[kyodo] vendor job " + c.id() + ": no secrets key, the temporary password of "
                            + p.code() + " is not kept (the administrator uses 'forgot password')");
                }
            }
            store.finishRow(c, p.line(), "DONE", null, List.of(v.adminUsername()), sealed);
        } catch (ProblemException e) {
            store.finishRow(c, p.line(), "FAILED", reasonKey(e), List.of(e.type()), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] vendor job " + c.id() + ": onboarding " + p.code() + " failed", e);
            store.finishRow(c, p.line(), "FAILED", "vendor.batch.run.failed", List.of(e.getClass().getSimpleName()), null);
        }
    }

    /** The page's words for the onboarding service's refusals. */
    static String reasonKey(ProblemException e) {
        return switch (e.type() == null ? "" : e.type()) {
            case "admin-exists", "reserved-username" -> "vendor.batch.run.usernameTaken";
            case "organization-exists" -> "vendor.batch.run.organization";
            case "invalid-city-code", "unknown-city-code", "validation" -> "vendor.batch.run.invalid";
            default -> "vendor.batch.run.failed";
        };
    }

    private void export(Claim c) {
        try {
            byte[] json = lifecycle.export(c.cityCode()).toString().getBytes(StandardCharsets.UTF_8);
            store.finish(c, "DONE", null, null, json, Json.createObjectBuilder().add("bytes", json.length).build().toString());
        } catch (ProblemException e) {
            store.finish(c, "FAILED", e.type(), e.detail(), null, null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] vendor job " + c.id() + ": export of " + c.cityCode() + " failed", e);
            store.finish(c, "FAILED", "failed", e.getClass().getSimpleName(), null, null);
        }
    }

    private void importFile(Claim c) {
        try {
            byte[] file = store.payload(c.id()).orElseThrow(() -> ProblemException.badRequest("import-format",
                    "取り込むファイルがありません", "the job's file is gone"));
            Map<String, Object> r = lifecycle.importInto(c.cityCode(), parse(file));
            store.finish(c, "DONE", null, null, null, Json.createObjectBuilder()
                    .add("rowsImported", ((Number) r.get("rowsImported")).intValue())
                    .add("accounts", ((Number) r.get("accounts")).intValue()).build().toString());
        } catch (ProblemException e) {
            store.finish(c, "FAILED", e.type(), e.detail(), null, null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] vendor job " + c.id() + ": import into " + c.cityCode() + " failed", e);
            store.finish(c, "FAILED", "failed", e.getClass().getSimpleName(), null, null);
        }
    }

    /** The uploaded export as a JSON object; anything else is the import's own 400 {@code import-format}. */
    static JsonObject parse(byte[] file) {
        try (var r = Json.createReader(new ByteArrayInputStream(file))) {
            JsonValue v = r.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (RuntimeException notJson) {
            // below
        }
        throw ProblemException.badRequest("import-format", "取り込むファイルがエクスポートした JSON ではありません",
                "the file is not an export's JSON");
    }

    private static SecretBox box() {
        return new SecretBox(ConfigProvider.getConfig().getOptionalValue("kyodo.secrets.key", String.class).orElse(""));
    }
}
