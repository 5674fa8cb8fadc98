package jp.kyodo.admin.pages;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import gg.jte.Content;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.admin.vendor.CityCodesCsv;
import jp.kyodo.admin.vendor.VendorJob;
import jp.kyodo.admin.vendor.VendorJobs;
import jp.kyodo.tenant.lifecycle.CityLifecycle;
import jp.kyodo.tenant.lifecycle.CityView;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The vendor's background jobs on pages (role vendor, like the rest of {@code /vendor/}): onboarding many cities from a
 * CSV of codes (upload, the per-row check, confirm, progress, the result with the temporary passwords) and one city's
 * export (start, progress, download) and import (upload, check, confirm, progress). The work itself is
 * {@link VendorJobs}, which calls the same {@link CityLifecycle} as the API. A job's page shows where it stands; while
 * it runs, a link reloads it, and the vendor may turn on a reload every 10 seconds ({@code ?auto=1}, an HTTP
 * {@code Refresh} header; no script). Every post carries the session's form token (checked by {@code SameOriginForms}
 * before the page).
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class VendorJobPages {

    static final int AUTO_REFRESH_SECONDS = 10;

    @Inject
    SecurityContext security;
    @Inject
    VendorJobs jobs;
    @Inject
    CityLifecycle lifecycle;
    @Inject
    PageLanguage language;
    @Inject
    jp.kyodo.tenant.RequestIdentity identity;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    // ------------------------------------------------------------------ onboarding from a CSV

    @GET
    @Path("vendor/batches/new")
    public Response batchForm() throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        return batchPage(200, t, FormState.empty());
    }

    @POST
    @Path("vendor/batches")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response batchUpload(@FormParam("file") EntityPart file) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        byte[] bytes = read(file, CityCodesCsv.MAX_BYTES);
        CityCodesCsv.Checked checked;
        try {
            checked = CityCodesCsv.check(bytes, jobs.onboarded());
        } catch (CityCodesCsv.FileRefused refused) {
            return batchPage(400, t, FormState.empty().error("file", t.t(refused.key(), refused.values())));
        }
        UUID id = jobs.checkOnboarding(identity.username(), identity.subject(),
                fileName(file), checked);
        return Response.seeOther(URI.create("/vendor/jobs/" + id)).build();
    }

    private Response batchPage(int status, Text t, FormState form) {
        Map<String, Object> p = params(t);
        p.put("form", form);
        p.put("maxRows", CityCodesCsv.MAX_ROWS);
        return AdminPages.page(status, t, (form.hasErrors() ? t.plain("members.changeRole.errorTitle") : "") + t.plain("vendor.batch.title"),
                null, "vendor/batchForm.jte", p);
    }

    // ------------------------------------------------------------------ one city's export and import

    @GET
    @Path("vendor/cities/{code}/transfer")
    public Response transfer(@PathParam("code") String code) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        return transferPage(200, t, city(code), FormState.empty());
    }

    @POST
    @Path("vendor/cities/{code}/export")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startExport(@PathParam("code") String code) throws Exception {
        AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        city(code);
        UUID id = jobs.startExport(code, identity.username(), identity.subject());
        return Response.seeOther(URI.create("/vendor/jobs/" + id)).build();
    }

    @POST
    @Path("vendor/cities/{code}/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importUpload(@PathParam("code") String code, @FormParam("file") EntityPart file) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        CityView city = city(code);
        byte[] bytes = read(file, MAX_IMPORT_BYTES);
        if (bytes.length == 0) {
            return transferPage(400, t, city, FormState.empty().error("file", t.t("vendor.transfer.file.empty")));
        }
        if (bytes.length > MAX_IMPORT_BYTES) {
            return transferPage(400, t, city, FormState.empty().error("file",
                    t.t("vendor.transfer.file.tooLarge", MAX_IMPORT_BYTES >> 20)));
        }
        try {
            UUID id = jobs.checkImport(code, identity.username(), identity.subject(),
                    fileName(file), bytes);
            return Response.seeOther(URI.create("/vendor/jobs/" + id)).build();
        } catch (ProblemException e) {
            return transferPage(e.status() >= 500 ? 500 : 400, t, city, FormState.empty().error("file",
                    t.t(importReason(e.type()), e.detail() == null ? "" : e.detail())));
        }
    }

    /** The largest import a page takes (the page limit of a signed-in person's multipart body; the API takes 64 MiB). */
    static final int MAX_IMPORT_BYTES = 15 << 20;

    private Response transferPage(int status, Text t, CityView city, FormState form) {
        Map<String, Object> p = params(t);
        p.put("city", city);
        p.put("form", form);
        p.put("maxMb", MAX_IMPORT_BYTES >> 20);
        return AdminPages.page(status, t, (form.hasErrors() ? t.plain("members.changeRole.errorTitle") : "")
                + t.plain("vendor.transfer.title", city.prefecture() + city.name()), null, "vendor/transfer.jte", p);
    }

    // ------------------------------------------------------------------ a job

    @GET
    @Path("vendor/jobs/{id}")
    public Response job(@PathParam("id") String id, @QueryParam("auto") String auto) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        VendorJob job = find(id);
        boolean autoRefresh = "1".equals(auto) && job.running();
        String cityName = job.cityCode() == null ? "" : CityCodesCsv.nameOf(job.cityCode());
        String title = t.plain(titleKey(job), cityName);
        boolean own = job.startedBy(identity.subject());
        List<VendorJob.Row> rows = "ONBOARD".equals(job.kind()) ? jobs.rows(job.id(), own && job.finished()) : List.of();
        boolean passwords = rows.stream().anyMatch(r -> r.password() != null);
        JsonObject result = json(job.result());
        Map<String, Object> p = params(t);
        p.put("job", job);
        p.put("title", title);
        p.put("table", rows.isEmpty() ? null : rowTable(t, job, rows, passwords));
        p.put("auto", autoRefresh);
        p.put("seconds", AUTO_REFRESH_SECONDS);
        p.put("valid", (int) rows.stream().filter(r -> "VALID".equals(r.state())).count());
        p.put("invalid", (int) rows.stream().filter(r -> "INVALID".equals(r.state())).count());
        p.put("accounts", result.getInt("accounts", 0));
        p.put("rowsImported", result.getInt("CHECKED".equals(job.status()) ? "rows" : "rowsImported", 0));
        p.put("bytes", job.payloadBytes());
        p.put("failureKey", "IMPORT".equals(job.kind()) ? importReason(job.errorCode()) : "vendor.job.export.failed");
        p.put("failureDetail", job.errorDetail() == null ? "" : job.errorDetail());
        p.put("passwords", passwords);
        p.put("own", own);
        Response.ResponseBuilder r = Response.ok(jp.kyodo.tenant.pages.PageShell.page(t.tag(), title, null,
                AdminPages.TEMPLATES.content("vendor/job.jte", p), null)).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "private, no-store");
        if (autoRefresh) {
            r.header("Refresh", String.valueOf(AUTO_REFRESH_SECONDS));
        }
        return r.build();
    }

    @POST
    @Path("vendor/jobs/{id}/{action: confirm|cancel|erase}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @PathParam("action") String action) throws Exception {
        AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        VendorJob job = find(id);
        if (!job.startedBy(identity.subject())) {
            return AdminPages.refused(t, null, "refused.jobStarter");
        }
        switch (action) {
            case "confirm" -> jobs.confirm(job.id());
            case "cancel" -> jobs.cancel(job.id());
            default -> jobs.erasePasswords(job.id());
        }
        return Response.seeOther(URI.create("/vendor/jobs/" + job.id())).build();
    }

    @GET
    @Path("vendor/jobs/{id}/download")
    @Produces({"application/json", MediaType.TEXT_HTML})
    public Response download(@PathParam("id") String id) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        VendorJob job = find(id);
        if (!job.startedBy(identity.subject())) {
            return AdminPages.refused(t, null, "refused.jobStarter");
        }
        Optional<byte[]> file = "EXPORT".equals(job.kind()) && "DONE".equals(job.status()) ? jobs.download(job.id())
                : Optional.empty();
        if (file.isEmpty()) {
            throw new NotFoundException();
        }
        return Response.ok(file.get(), "application/json;charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"kyodo-city-" + job.cityCode() + ".json\"")
                .header("Cache-Control", "private, no-store").build();
    }

    // ------------------------------------------------------------------ helpers

    /** Each row of an onboarding job: line, code, city, address, user name, state, reason (and the password once). */
    private static Content rowTable(Text t, VendorJob job, List<VendorJob.Row> rows, boolean passwords) {
        List<Content> headers = new ArrayList<>(List.of(t.t("vendor.job.col.line"), t.t("vendor.col.code"),
                t.t("vendor.col.city"), t.t("vendor.job.col.email"), t.t("vendor.onboard.username"),
                t.t("vendor.col.status"), t.t("vendor.job.col.reason")));
        if (passwords) {
            headers.add(t.t("vendor.onboarded.password"));
        }
        List<List<Content>> out = new ArrayList<>();
        for (VendorJob.Row r : rows) {
            List<Content> cells = new ArrayList<>(List.of(Ui.text(String.valueOf(r.line())), Ui.text(r.code()),
                    Ui.japanese(r.name()), Ui.text(r.adminEmail()),
                    Ui.text(r.adminUsername().isEmpty() ? "admin-" + r.code() : r.adminUsername()), state(t, r.state()),
                    r.reason() == null ? Ui.text("") : t.t(r.reason(), r.values().toArray())));
            if (passwords) {
                cells.add(Ui.text(r.password() == null ? "" : r.password()));
            }
            out.add(cells);
        }
        return Ui.table(t.t("vendor.job.rows.caption", rows.size()), headers, out);
    }

    /** A row's state as a status tag. */
    private static Content state(Text t, String state) {
        return switch (state) {
            case "VALID" -> Ui.tag("success", t.t("vendor.job.state.valid"));
            case "INVALID" -> Ui.tag("error", t.t("vendor.job.state.invalid"));
            case "PENDING" -> Ui.tag("info", t.t("vendor.job.state.pending"));
            case "RUNNING" -> Ui.tag("info", t.t("vendor.job.state.running"));
            case "DONE" -> Ui.tag("success", t.t("vendor.job.state.done"));
            case "FAILED" -> Ui.tag("error", t.t("vendor.job.state.failed"));
            default -> Ui.tag("warning", t.t("vendor.job.state.skipped"));
        };
    }

    private static JsonObject json(String text) {
        try (var r = Json.createReader(new java.io.StringReader(text == null ? "{}" : text))) {
            return r.readObject();
        } catch (RuntimeException e) {
            return JsonObject.EMPTY_JSON_OBJECT;
        }
    }

    private static String titleKey(VendorJob job) {
        return switch (job.kind()) {
            case "EXPORT" -> "vendor.job.export.title";
            case "IMPORT" -> "vendor.job.import.title";
            default -> "vendor.job.onboard.title";
        };
    }

    /** The page's words for the import's refusals (the problem types of {@link CityLifecycle#checkImport}). */
    static String importReason(String type) {
        return switch (type == null ? "" : type) {
            case "import-format" -> "vendor.transfer.refused.format";
            case "city-not-active" -> "vendor.transfer.refused.notActive";
            case "city-not-empty" -> "vendor.transfer.refused.notEmpty";
            case "import-members" -> "vendor.transfer.refused.members";
            case "import-account-clash" -> "vendor.transfer.refused.clash";
            default -> "vendor.transfer.refused.other";
        };
    }

    private VendorJob find(String id) {
        try {
            return jobs.find(UUID.fromString(id)).orElseThrow(NotFoundException::new);
        } catch (IllegalArgumentException notAnId) {
            throw new NotFoundException();
        }
    }

    private CityView city(String code) {
        try {
            return lifecycle.get(code);
        } catch (ProblemException e) {
            throw new NotFoundException();
        }
    }

    /** At most {@code max} + 1 bytes of the uploaded file (one more than allowed tells that it is too large). */
    private static byte[] read(EntityPart file, int max) throws IOException {
        if (file == null) {
            return new byte[0];
        }
        try (InputStream in = file.getContent()) {
            return in.readNBytes(max + 1);
        }
    }

    private static String fileName(EntityPart file) {
        String name = file == null ? null : file.getFileName().orElse(null);
        return name == null ? null : name.length() > 200 ? name.substring(0, 200) : name;
    }

    private Map<String, Object> params(Text t) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("request", request);
        return p;
    }

    private Response gate(Text t) throws Exception {
        return AdminPages.platformGate(security, request, t, "refused.vendor", "vendor");
    }
}
