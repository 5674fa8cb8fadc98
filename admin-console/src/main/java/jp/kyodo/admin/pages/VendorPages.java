package jp.kyodo.admin.pages;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.kyodo.admin.vendor.CityUsage;
import jp.kyodo.tenant.lifecycle.CityLifecycle;
import jp.kyodo.tenant.lifecycle.CityView;
import jp.kyodo.tenant.lifecycle.CreateCity;
import jp.kyodo.tenant.lifecycle.Municipality;
import jp.kyodo.tenant.lifecycle.MunicipalityCatalogue;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The vendor's console ({@code /vendor/}, role vendor): the cities on this deployment with suspend and resume, and
 * onboarding a city found in the national catalogue by name, kana or code. The first administrator's temporary
 * password is shown once, on the page after onboarding (kept in the session only until that page is shown).
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class VendorPages {

    static final int MAX_RESULTS = 20;
    private static final String CREATED = "kyodo.vendor.created";
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Each city status's words, by message key. */
    private static final Map<String, String> STATUS = Map.of("ACTIVE", "vendor.status.active", "SUSPENDED",
            "vendor.status.suspended", "PROVISIONING", "vendor.status.provisioning", "DELETED", "vendor.status.deleted");
    private static final Map<String, String> DONE = Map.of("suspended", "vendor.done.suspended", "resumed",
            "vendor.done.resumed");

    private static final Map<String, String> JOB_KINDS = Map.of("ONBOARD", "vendor.jobs.kind.onboard", "EXPORT",
            "vendor.jobs.kind.export", "IMPORT", "vendor.jobs.kind.import");
    private static final Map<String, String> JOB_STATES = Map.of("CHECKED", "vendor.jobs.status.checked", "QUEUED",
            "vendor.jobs.status.queued", "RUNNING", "vendor.jobs.status.running", "DONE", "vendor.jobs.status.done",
            "FAILED", "vendor.jobs.status.failed", "CANCELLED", "vendor.jobs.status.cancelled");

    @Inject
    SecurityContext security;
    @Inject
    CityLifecycle lifecycle;
    @Inject
    CityUsage usage;
    @Inject
    jp.kyodo.admin.vendor.VendorJobs jobs;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    @GET
    @Path("vendor/")
    public Response console(@QueryParam("q") String q, @QueryParam("done") String done, @QueryParam("city") String city)
            throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        List<CityView> cities = lifecycle.list();
        Set<String> onboarded = cities.stream().filter(c -> !"DELETED".equals(c.status())).map(CityView::code)
                .collect(Collectors.toSet());
        String query = q == null ? "" : q.strip();
        List<List<Content>> results = new ArrayList<>();
        List<Municipality> found = query.isEmpty() ? List.of() : search(query);
        for (Municipality m : found) {
            results.add(List.of(Ui.text(m.prefecture() + m.name()), Ui.text(m.nameKana()), Ui.text(m.code()),
                    onboarded.contains(m.code()) ? Ui.tag("info", t.t("vendor.search.onboarded"))
                            : AdminPages.TEMPLATES.content("vendor/onboardLink.jte", Map.of("t", t, "code", m.code(),
                            "name", m.prefecture() + m.name()))));
        }
        List<List<Content>> rows = new ArrayList<>();
        for (CityView c : cities) {
            rows.add(List.of(Ui.text(c.prefecture() + c.name()), Ui.text(c.code()),
                    Ui.tag("ACTIVE".equals(c.status()) ? "success" : "SUSPENDED".equals(c.status()) ? "warning" : "info",
                            t.t(STATUS.getOrDefault(c.status(), "vendor.status.provisioning"))),
                    AdminPages.TEMPLATES.content("vendor/cityActions.jte", Map.of("t", t, "city", c, "request", request))));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("q", query);
        p.put("searched", !query.isEmpty());
        p.put("results", Ui.table(t.t("vendor.search.caption", query), List.of(t.t("vendor.col.city"),
                t.t("vendor.col.kana"), t.t("vendor.col.code"), t.t("vendor.col.action")), results));
        p.put("found", found.size());
        p.put("cities", Ui.table(t.t("vendor.cities.caption"), List.of(t.t("vendor.col.city"), t.t("vendor.col.code"),
                t.t("vendor.col.status"), t.t("vendor.col.action")), rows));
        p.put("doneKey", DONE.get(done == null ? "" : done));
        p.put("doneCity", city == null ? "" : city);
        List<Content> recent = new ArrayList<>();
        for (jp.kyodo.admin.vendor.VendorJob j : jobs.recent(10)) {
            recent.add(AdminPages.TEMPLATES.content("vendor/jobLink.jte", Map.of("t", t, "id", j.id().toString(),
                    "label", t.t("vendor.jobs.item", t.plain(JOB_KINDS.get(j.kind())), j.cityCode() != null
                            ? jp.kyodo.admin.vendor.CityCodesCsv.nameOf(j.cityCode()) : j.fileName() == null ? "" : j.fileName(),
                            t.plain(JOB_STATES.getOrDefault(j.status(), "vendor.jobs.status.done")),
                            AdminPages.time(j.createdAt())))));
        }
        p.put("jobs", recent);
        return AdminPages.page(200, t, t.plain("vendor.title"), null, "vendor/console.jte", p);
    }

    @GET
    @Path("vendor/onboard/{code}")
    public Response onboardForm(@PathParam("code") String code) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        Municipality m = MunicipalityCatalogue.get().find(code).orElseThrow(NotFoundException::new);
        return onboardPage(200, t, m, FormState.empty());
    }

    @POST
    @Path("vendor/onboard/{code}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response onboard(@PathParam("code") String code) throws Exception {
        MultivaluedMap<String, String> posted = AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        Municipality m = MunicipalityCatalogue.get().find(code).orElseThrow(NotFoundException::new);
        String email = posted.getFirst("adminEmail") == null ? "" : posted.getFirst("adminEmail").strip();
        String username = posted.getFirst("adminUsername") == null ? "" : posted.getFirst("adminUsername").strip();
        FormState form = FormState.empty().value("adminEmail", email).value("adminUsername", username);
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            form.error("adminEmail", t.t("form.expired"));
        } else if (!EMAIL.matcher(email).matches() || email.length() > 200) {
            form.error("adminEmail", t.t("vendor.onboard.email.invalid"));
        }
        if (!username.isEmpty() && !USERNAME.matcher(username).matches()) {
            form.error("adminUsername", t.t("members.username.invalid"));
        }
        if (!form.hasErrors()) {
            try {
                CityView v = lifecycle.create(new CreateCity(code, username.isEmpty() ? null : username, email, null, null));
                if (v.created()) {
                    request.getSession(true).setAttribute(CREATED, List.of(v.code(), String.valueOf(v.adminUsername()),
                            String.valueOf(v.adminInitialPassword())));
                }
                return Response.seeOther(URI.create("/vendor/onboarded/" + v.code())).build();
            } catch (ProblemException e) {
                if (e.status() != 409) {
                    throw e;
                }
                form.error("adminUsername", t.t("members.username.taken"));
            }
        }
        return onboardPage(400, t, m, form);
    }

    @GET
    @Path("vendor/onboarded/{code}")
    public Response onboarded(@PathParam("code") String code) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        CityView city = lifecycle.get(code);
        HttpSession session = request.getSession(false);
        List<?> created = session == null ? null : (List<?>) session.getAttribute(CREATED);
        boolean fresh = created != null && code.equals(created.get(0));
        if (fresh) {
            session.removeAttribute(CREATED);
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("city", city);
        p.put("fresh", fresh);
        p.put("username", fresh ? String.valueOf(created.get(1)) : "");
        p.put("password", fresh ? String.valueOf(created.get(2)) : "");
        return AdminPages.page(200, t, t.plain("vendor.onboarded.title", city.prefecture() + city.name()), null,
                "vendor/onboarded.jte", p);
    }

    @POST
    @Path("vendor/cities/{code}/{action: suspend|resume}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response suspendOrResume(@PathParam("code") String code, @PathParam("action") String action) throws Exception {
        MultivaluedMap<String, String> posted = AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            return Response.seeOther(URI.create("/vendor/")).build();
        }
        if ("suspend".equals(action)) {
            lifecycle.suspend(code);
        } else {
            lifecycle.resume(code);
        }
        return Response.seeOther(URI.create("/vendor/?done=" + ("suspend".equals(action) ? "suspended" : "resumed") + "&city=" + code)).build();
    }

    @GET
    @Path("vendor/usage")
    public Response usage(@QueryParam("month") String month) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        return usagePage(t, month, false);
    }

    /** The usage page of the month typed (this month in Japan time when none): 400 with the error when it is not one. */
    private Response usagePage(Text t, String month, boolean badEncoding) {
        YearMonth m = month == null || month.isBlank() ? CityUsage.thisMonth() : CityUsage.month(month.strip());
        FormState form = FormState.empty().value("month", m == null ? month : m.toString());
        if (m == null) {
            form.error("month", t.t("vendor.usage.month.invalid"));
        }
        if (badEncoding) {
            form.error("download", t.t("vendor.usage.encoding.invalid"));
        }
        List<List<Content>> rows = new ArrayList<>();
        if (m != null) {
            for (CityUsage.Row r : usage.perCity(m)) {
                rows.add(List.of(Ui.japanese(r.prefecture() + r.name()), Ui.text(r.code()), number(r.citizens()),
                        number(r.staff()), number(r.questions()), number(r.casesOpened()), number(r.storageBytes())));
            }
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("month", m == null ? "" : m.toString());
        p.put("table", m == null ? Ui.text("") : Ui.table(t.t("vendor.usage.caption", m.toString()), List.of(
                t.t("vendor.col.city"), t.t("vendor.col.code"), t.t("vendor.usage.col.citizens"),
                t.t("vendor.usage.col.staff"), t.t("vendor.usage.col.questions"), t.t("vendor.usage.col.cases"),
                t.t("vendor.usage.col.storage")), rows));
        return AdminPages.page(form.hasErrors() ? 400 : 200, t, t.plain("vendor.usage.title"), null,
                "vendor/usage.jte", p);
    }

    private static Content number(long n) {
        return Ui.text(String.format(Locale.ROOT, "%,d", n));
    }

    @GET
    @Path("vendor/usage.csv")
    @Produces({"text/csv", MediaType.TEXT_HTML})
    public Response usageCsv(@QueryParam("month") String month, @QueryParam("encoding") String encoding)
            throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Response gate = gate(t);
        if (gate != null) {
            return gate;
        }
        YearMonth m = month == null || month.isBlank() ? CityUsage.thisMonth() : CityUsage.month(month.strip());
        String e = encoding == null || encoding.isBlank() ? "utf-8" : encoding.strip().toLowerCase(Locale.ROOT);
        boolean badEncoding = !(e.equals("utf-8") || e.equals("shift_jis"));
        if (m == null || badEncoding) {
            return usagePage(t, month, badEncoding);
        }
        boolean sjis = e.equals("shift_jis");
        byte[] csv = CityUsage.csv(m, usage.perCity(m), sjis);
        return Response.ok(csv).type("text/csv; charset=" + (sjis ? "Shift_JIS" : "UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"kyodo-usage-" + m + (sjis ? "-sjis" : "")
                        + ".csv\"").header("Cache-Control", "private, no-store").build();
    }

    /** Catalogue entries whose name, kana (hiragana) or code contains the query, codes first, at most 20. */
    static List<Municipality> search(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        String hiragana = toHiragana(q);
        return MunicipalityCatalogue.get().all().stream()
                .filter(m -> m.code().startsWith(q) || (m.prefecture() + m.name()).contains(q) || m.nameKana().contains(hiragana))
                .sorted(Comparator.comparing(Municipality::code)).limit(MAX_RESULTS).toList();
    }

    /** Katakana typed by the vendor matches the catalogue's hiragana. */
    static String toHiragana(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= 'ァ' && c <= 'ヶ' ? (char) (c - 0x60) : c);
        }
        return b.toString();
    }

    private Response onboardPage(int status, Text t, Municipality m, FormState form) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("m", m);
        p.put("form", form);
        p.put("request", request);
        p.put("action", "/vendor/onboard/" + m.code());
        return AdminPages.page(status, t, t.plain("vendor.onboard.title", m.prefecture() + m.name()), null,
                "vendor/onboard.jte", p);
    }

    private Response gate(Text t) throws Exception {
        return AdminPages.platformGate(security, request, t, "refused.vendor", "vendor");
    }
}
