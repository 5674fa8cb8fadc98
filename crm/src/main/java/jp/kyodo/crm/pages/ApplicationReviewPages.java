package jp.kyodo.crm.pages;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.kyodo.crm.applications.ApplicationReview;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.ApplicationSummary;
import jp.kyodo.crm.applications.ApplicationView;
import jp.kyodo.crm.applications.ProcedureSummary;
import jp.kyodo.crm.applications.Procedures;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The staff's side of online applications as pages ({@code /c/<code>/staff/applications…}, templates
 * {@code applications/*.jte}, messages {@code applications.*}): the queues per procedure and step, a list filtered,
 * sorted and paged by query parameters, and the review page — the form's values, the documents, the timeline, the
 * citizen 360, the step's checklist — with the acts of {@link ApplicationReview}: take, request more information,
 * approve (a two-person step needs a second, different person), reject with a reason. CSV export of approved
 * applications for the core system. Gated by {@link StaffOnly}; every post carries the form token; a successful post
 * answers 303 to the review page, a refused one the review page again with the error on its form.
 */
@Path("c/{code}/staff/applications")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ApplicationReviewPages {

    static final int PAGE_SIZE = 20;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final List<String> SORTS = List.of("due", "submitted", "newest", "number");

    /** A queue: open applications of one procedure at one step in one status. */
    public record Queue(Content procedure, int step, Content stepName, Content status, long count, long overdue,
                        String oldest, String href) {
    }

    /** A row of the list. */
    public record Item(String id, String number, Content procedure, Content subject, Content status, int step,
                       String submitted, String due, boolean overdue) {
    }

    /** An option of a filter. */
    public record Choice(String value, Content label, boolean selected) {
    }

    /** A document the procedure asks for and the files given. */
    public record Document(Content label, boolean required, List<FileLink> files) {
    }

    /** A file with its link. */
    public record FileLink(String href, String name, String uploadedBy, String at) {
    }

    /** A labelled value (answers, the citizen 360). */
    public record Value(Content label, Content value) {
    }

    /** A section of answers; {@code heading} for each entry of a repeating group. */
    /** The My Number card signature filed with the application, checked again as the page is drawn. */
    public record CardSignature(boolean verified, boolean matchesNow, String signer, String serial, String digest, String at) {
    }

    public record Answers(Content title, List<Entry> entries) {
    }

    /** One entry of a section. */
    public record Entry(Content heading, List<Value> values) {
    }

    /** A timeline entry with who made it and whether the citizen sees it. */
    public record Event(Content label, String actor, String at, List<String> lines) {
    }

    @Inject
    TenantContext tenant;
    @Inject
    ApplicationReview review;
    @Inject
    jp.kyodo.crm.applications.ApplicationSignatures signatures;
    @Inject
    Procedures procedures;
    @Inject
    RequestIdentity identity;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    public Response queue(@PathParam("code") String code, @QueryParam("procedure") String procedure,
                          @QueryParam("step") String step, @QueryParam("status") String status,
                          @QueryParam("sort") String sort, @QueryParam("page") String page) {
        City city = tenant.city();
        Text t = text();
        List<ProcedureSummary> all = procedures.list(false);
        String p = all.stream().map(ProcedureSummary::procedureId).filter(id -> id.equals(procedure)).findFirst().orElse("");
        Integer s = number(step, 0, 20);
        ApplicationStatus st = status(status);
        String by = sort != null && SORTS.contains(sort) ? sort : "due"; // List.of(...).contains(null) throws
        List<ApplicationSummary> found = new ArrayList<>(review.list(p.isEmpty() ? null : p, s, st, 500));
        found.sort(switch (by) {
            case "submitted" -> Comparator.comparing(ApplicationSummary::submittedAt, Comparator.nullsLast(Comparator.naturalOrder()));
            case "newest" -> Comparator.comparing(ApplicationSummary::submittedAt, Comparator.nullsLast(Comparator.reverseOrder()));
            case "number" -> Comparator.comparing(ApplicationSummary::receptionNumber, Comparator.nullsLast(Comparator.naturalOrder()));
            default -> Comparator.comparing(ApplicationSummary::stepDueAt, Comparator.nullsLast(Comparator.naturalOrder()));
        });
        int pages = Math.max(1, (found.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        Integer asked = number(page, 1, 10_000);
        int current = Math.min(asked == null ? 1 : asked, pages);
        List<Item> items = found.subList((current - 1) * PAGE_SIZE, Math.min(found.size(), current * PAGE_SIZE)).stream()
                .map(a -> new Item(a.id(), a.receptionNumber(), Ui.japanese(a.procedureName()), a.subjectName() == null
                        ? null : Ui.japanese(a.subjectName()), status(t, a.status()), a.stepIndex() + 1, when(a.submittedAt()),
                        when(a.stepDueAt()), a.overdue())).toList();
        String base = base(city);
        List<Queue> queues = review.queues().stream().map(q -> new Queue(Ui.japanese(q.procedureName()), q.stepIndex() + 1,
                Ui.japanese(q.stepName() == null ? "" : q.stepName()), status(t, q.status()), q.count(), q.overdue(),
                when(q.oldestSince()), base + "?procedure=" + q.procedureId() + "&step=" + q.stepIndex() + "&status="
                + q.status().name().toLowerCase(Locale.ROOT))).toList();
        List<Choice> procedureChoices = new ArrayList<>();
        procedureChoices.add(new Choice("", t.t("applications.filter.all"), p.isEmpty()));
        all.forEach(x -> procedureChoices.add(new Choice(x.procedureId(), Ui.japanese(x.name()), x.procedureId().equals(p))));
        List<Choice> stepChoices = new ArrayList<>();
        stepChoices.add(new Choice("", t.t("applications.filter.all"), s == null));
        for (int i = 0; i < 5; i++) {
            stepChoices.add(new Choice(String.valueOf(i), t.t("applications.step", i + 1), s != null && s == i));
        }
        List<Choice> statusChoices = new ArrayList<>();
        statusChoices.add(new Choice("", t.t("applications.filter.open"), st == null));
        for (ApplicationStatus x : ApplicationStatus.values()) {
            if (x != ApplicationStatus.DRAFT) {
                statusChoices.add(new Choice(x.name().toLowerCase(Locale.ROOT), status(t, x), x == st));
            }
        }
        List<Choice> sortChoices = List.of(new Choice("due", t.t("applications.sort.due"), by.equals("due")),
                new Choice("submitted", t.t("applications.sort.submitted"), by.equals("submitted")),
                new Choice("newest", t.t("applications.sort.newest"), by.equals("newest")),
                new Choice("number", t.t("applications.sort.number"), by.equals("number")));
        String query = base + "?procedure=" + p + "&step=" + (s == null ? "" : s) + "&status="
                + (st == null ? "" : st.name().toLowerCase(Locale.ROOT)) + "&sort=" + by;
        Map<String, Object> m = params(t, city);
        m.put("queues", queues);
        m.put("items", items);
        m.put("total", found.size());
        m.put("procedures", procedureChoices);
        m.put("steps", stepChoices);
        m.put("statuses", statusChoices);
        m.put("sorts", sortChoices);
        m.put("pagination", Ui.pagination(Ui.words(t.tag()), query, current, pages));
        m.put("exportable", all.stream().map(x -> new Choice(x.procedureId(), Ui.japanese(x.name()), x.procedureId().equals(p)))
                .toList());
        return page(city, t, t.plain("applications.title"), "applications/queue.jte", m, 200);
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    public Response export(@PathParam("code") String code, @QueryParam("procedure") String procedure,
                           @QueryParam("encoding") String encoding) {
        boolean sjis = "shift_jis".equals(encoding);
        byte[] csv;
        try {
            csv = review.exportApproved(procedure == null ? "" : procedure, sjis ? "shift_jis" : "utf-8");
        } catch (ProblemException e) {
            throw e.status() == 404 ? new NotFoundException() : e;
        }
        return Response.ok(csv).type("text/csv; charset=" + (sjis ? "Shift_JIS" : "UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"applications-" + procedure.replaceAll("[^A-Za-z0-9-]", "")
                        + ".csv\"").header("Cache-Control", "private, no-store").build();
    }

    @GET
    @Path("{id}")
    public Response application(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("done") String done) {
        return show(tenant.city(), id, FormState.empty(), null, done, 200);
    }

    @GET
    @Path("{id}/files/{file}")
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("code") String code, @PathParam("id") String id, @PathParam("file") String file) {
        ApplicationView v = get(id);
        if (v.files().stream().noneMatch(f -> f.id().equals(file))) {
            throw new NotFoundException();
        }
        return call(() -> review.file(file)).response();
    }

    @POST
    @Path("{id}/take")
    public Response take(@PathParam("code") String code, @PathParam("id") String id) {
        return act(id, "take", () -> review.take(id), "taken");
    }

    @POST
    @Path("{id}/request-info")
    public Response requestInfo(@PathParam("code") String code, @PathParam("id") String id) {
        String message = param("message");
        List<String> documents = Arrays.stream(param("documents").split("\\R")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        return act(id, "request", () -> review.requestInfo(id, new ApplicationReview.InfoRequest(message, documents)), "requested");
    }

    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("code") String code, @PathParam("id") String id) {
        String[] checked = request.getParameterValues("checked");
        ApplicationReview.Decision d = new ApplicationReview.Decision(param("reason"), checked == null ? List.of() : List.of(checked));
        return act(id, "approve", () -> review.approve(id, d), null);
    }

    @POST
    @Path("{id}/reject")
    public Response reject(@PathParam("code") String code, @PathParam("id") String id) {
        ApplicationReview.Decision d = new ApplicationReview.Decision(param("rejectReason"), List.of());
        return act(id, "reject", () -> review.reject(id, d), "rejected");
    }

    // ---------------------------------------------------------------- acting

    private interface Call<T> {
        T get();
    }

    /** Does the act; 303 to the review page, or the review page again with what went wrong on the act's form. */
    private Response act(String id, String form, Call<ApplicationView> act, String done) {
        City city = tenant.city();
        Text t = text();
        try {
            ApplicationView v = act.get();
            String word = done != null ? done : v.status() == ApplicationStatus.APPROVED ? "approved"
                    : v.step() != null && v.step().firstCheckBy() != null && v.step().firstCheckBy().equals(identity.username())
                    ? "checked" : "stepApproved";
            return Response.seeOther(URI.create(base(city) + "/" + v.id() + "?done=" + word)).build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            FormState state = FormState.empty();
            for (String f : List.of("message", "documents", "reason", "rejectReason")) {
                state.value(f, param(f));
            }
            String[] checked = request.getParameterValues("checked");
            state.value("checked", checked == null ? "" : String.join("\n", checked));
            state.error(field(form, e), refusal(t, form, e));
            return show(city, id, state, form, null, e.status() >= 500 ? 400 : e.status());
        }
    }

    /** The field a refusal belongs to: the act's own input, else the act's form as a whole. */
    private static String field(String form, ProblemException e) {
        if (e.status() == 400 && e.extensions().get("errors") instanceof List<?> l && !l.isEmpty()
                && l.get(0) instanceof Map<?, ?> m) {
            String f = String.valueOf(m.get("field"));
            return switch (form) {
                case "request" -> "message";
                case "reject" -> "rejectReason";
                default -> "checked".equals(f) ? "checked" : "reason";
            };
        }
        return form;
    }

    private static Content refusal(Text t, String form, ProblemException e) {
        return switch (e.type() == null ? "" : e.type()) {
            case "same-person" -> t.t("applications.error.samePerson");
            case "step-role" -> t.t("applications.error.role");
            case "waiting-for-citizen" -> t.t("applications.error.waiting");
            case "application-closed" -> t.t("applications.error.closed");
            default -> e.status() != 400 ? t.t("applications.error.other") : switch (form) {
                case "request" -> t.t("applications.error.message");
                case "reject" -> t.t("applications.error.rejectReason");
                default -> e.detail() != null && e.detail().contains("確認項目") || "checked".equals(firstField(e))
                        ? t.t("applications.error.checked") : t.t("applications.error.reason");
            };
        };
    }

    private static String firstField(ProblemException e) {
        if (e.extensions().get("errors") instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
            return String.valueOf(m.get("field"));
        }
        return "";
    }

    // ---------------------------------------------------------------- the review page

    private Response show(City city, String id, FormState state, String failed, String done, int status) {
        Text t = text();
        boolean en = "en".equals(t.tag());
        ApplicationView v = get(id);
        String base = base(city) + "/" + v.id();
        ApplicationView.StepView step = v.step();
        Map<String, Object> m = params(t, city);
        m.put("id", v.id());
        m.put("number", v.receptionNumber());
        m.put("procedure", Ui.japanese(v.procedureName()));
        m.put("subject", v.subjectName() == null ? null : Ui.japanese(v.subjectName()));
        m.put("state", status(t, v.status()));
        m.put("submitted", when(v.submittedAt()));
        m.put("decided", v.decidedAt() == null ? null : when(v.decidedAt()));
        m.put("reason", v.decisionReason() == null ? null : Ui.japanese(v.decisionReason()));
        m.put("step", step);
        m.put("stepName", step == null ? null : Ui.japanese(step.name()));
        m.put("due", step == null ? "" : when(step.dueAt()));
        m.put("firstByMe", step != null && step.firstCheckBy() != null && step.firstCheckBy().equals(identity.username()));
        m.put("done", done == null ? null : switch (done) {
            case "taken" -> t.t("applications.done.taken");
            case "requested" -> t.t("applications.done.requested");
            case "checked" -> t.t("applications.done.checked");
            case "stepApproved" -> t.t("applications.done.stepApproved");
            case "approved" -> t.t("applications.done.approved");
            case "rejected" -> t.t("applications.done.rejected");
            default -> null;
        });
        m.put("canTake", v.status() == ApplicationStatus.SUBMITTED);
        m.put("canAct", v.status() == ApplicationStatus.SUBMITTED || v.status() == ApplicationStatus.IN_REVIEW);
        m.put("open", v.status().open());
        m.put("form", state);
        m.put("failed", failed);
        List<String> checked = state.value("checked").isEmpty() ? List.of() : List.of(state.value("checked").split("\n"));
        m.put("checklist", step == null ? null : Ui.checkboxes(state, "checked", t.t("applications.checklist"),
                t.t("applications.checklist.hint"), step.checklist().stream().map(c -> new Ui.Option(c, Ui.japanese(c), false))
                        .toList(), checked));
        m.put("answers", answers(t, en, v));
        m.put("documents", v.attachments().stream().map(r -> new Document(data(en, r.label(), r.labelEn()), r.required(),
                r.files().stream().map(f -> new FileLink(base + "/files/" + f.id(), f.fileName(), f.uploaderKind(),
                        when(f.uploadedAt()))).toList())).toList());
        m.put("notice", v.noticeId() == null ? null : base + "/files/" + v.noticeId());
        m.put("events", v.timeline().stream().map(e -> new Event(event(t, e.kind()), e.actor(), when(e.at()),
                e.body() == null || e.body().isBlank() ? List.of() : List.of(e.body().split("\n")))).toList());
        m.put("citizen", citizen(t, v.citizen()));
        m.put("household", household(v.citizen()));
        m.put("signature", signatures.of(v.id()).map(x -> new CardSignature(x.verified(), x.matchesNow(), x.signer(),
                x.certificateSerial() == null ? "" : x.certificateSerial(), x.digest().replaceAll("(.{8})(?!$)", "$1 "),
                when(x.signedAt()))).orElse(null));
        return page(city, t, (status >= 400 ? t.plain("applications.errorTitle") + " " : "") + t.plain("applications.review.title",
                v.receptionNumber()), "applications/review.jte", m, status);
    }

    private static List<Answers> answers(Text t, boolean en, ApplicationView v) {
        List<Answers> out = new ArrayList<>();
        for (ApplicationView.FormSection s : v.form()) {
            List<Entry> entries = new ArrayList<>();
            int i = 0;
            for (List<ApplicationView.FormField> row : s.rows()) {
                i++;
                entries.add(new Entry(s.repeats() ? t.t("applications.row", i) : null, row.stream()
                        .filter(ApplicationView.FormField::shown).map(f -> new Value(data(en, f.label(), f.labelEn()),
                                answer(t, en, f))).toList()));
            }
            out.add(new Answers(data(en, s.title(), s.titleEn()), entries));
        }
        return out;
    }

    private static Content answer(Text t, boolean en, ApplicationView.FormField f) {
        if (f.value() == null || f.value().isBlank()) {
            return t.t("applications.noAnswer");
        }
        if (f.type().equals("yesno")) {
            return "yes".equals(f.value()) ? t.t("applications.yes") : t.t("applications.no");
        }
        if (f.type().equals("choice")) {
            return f.options().stream().filter(o -> o.value().equals(f.value())).findFirst()
                    .map(o -> data(en, o.label(), o.labelEn())).orElse(Ui.japanese(f.value()));
        }
        return Ui.japanese(f.value());
    }

    private static List<Value> citizen(Text t, Object citizen) {
        if (!(citizen instanceof CitizenRecord r) || r.profile() == null) {
            return List.of();
        }
        var p = r.profile();
        List<Value> out = new ArrayList<>();
        out.add(new Value(t.t("applications.citizen.name"), Ui.japanese(p.fullName() + (p.fullNameKana() == null ? ""
                : "（" + p.fullNameKana() + "）"))));
        out.add(new Value(t.t("applications.citizen.birth"), Ui.japanese(p.birthDateText())));
        out.add(new Value(t.t("applications.citizen.address"), Ui.japanese(String.join(" ", nonNull(p.postalCode()),
                nonNull(p.prefecture()) + nonNull(p.municipality()) + nonNull(p.street())).strip())));
        out.add(new Value(t.t("applications.citizen.phone"), Ui.text(nonNull(p.phone()))));
        out.add(new Value(t.t("applications.citizen.email"), Ui.text(nonNull(p.email()))));
        return out;
    }

    private static List<Value> household(Object citizen) {
        if (!(citizen instanceof CitizenRecord r)) {
            return List.of();
        }
        return r.household().stream().map(h -> new Value(Ui.japanese(h.fullName()), Ui.japanese(h.relationship().label()
                + (h.birthDate() == null ? "" : "・" + h.birthDateText()) + (h.actsFor() ? "・代理" : "")))).toList();
    }

    // ---------------------------------------------------------------- words and helpers

    static Content status(Text t, ApplicationStatus s) {
        return switch (s) {
            case DRAFT -> Ui.tag("info", t.t("applications.status.draft"));
            case SUBMITTED -> Ui.tag("info", t.t("applications.status.submitted"));
            case IN_REVIEW -> Ui.tag("info", t.t("applications.status.inReview"));
            case INFO_REQUESTED -> Ui.tag("warning", t.t("applications.status.infoRequested"));
            case APPROVED -> Ui.tag("success", t.t("applications.status.approved"));
            case REJECTED -> Ui.tag("error", t.t("applications.status.rejected"));
            case WITHDRAWN -> Ui.tag("info", t.t("applications.status.withdrawn"));
        };
    }

    private static Content event(Text t, String kind) {
        return switch (kind) {
            case "SUBMITTED" -> t.t("applications.event.submitted");
            case "TAKEN" -> t.t("applications.event.taken");
            case "INFO_REQUESTED" -> t.t("applications.event.infoRequested");
            case "INFO_PROVIDED" -> t.t("applications.event.infoProvided");
            case "STEP_CHECKED" -> t.t("applications.event.checked");
            case "STEP_APPROVED" -> t.t("applications.event.stepApproved");
            case "APPROVED" -> t.t("applications.event.approved");
            case "REJECTED" -> t.t("applications.event.rejected");
            case "WITHDRAWN" -> t.t("applications.event.withdrawn");
            case "OVERDUE" -> t.t("applications.event.overdue");
            default -> t.t("applications.event.other");
        };
    }

    private ApplicationView get(String id) {
        return call(() -> review.get(id));
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.get();
        } catch (ProblemException e) {
            // another city's or a draft's id: the city's "page not found"; other refusals as the error pages word them
            throw e.status() == 404 ? new NotFoundException() : e;
        }
    }

    private static ApplicationStatus status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            ApplicationStatus x = ApplicationStatus.valueOf(s.toUpperCase(Locale.ROOT));
            return x == ApplicationStatus.DRAFT ? null : x;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer number(String s, int min, int max) {
        if (s == null || !s.matches("\\d{1,6}")) {
            return null;
        }
        int n = Integer.parseInt(s);
        return n < min || n > max ? null : n;
    }

    private String param(String name) {
        String v = request.getParameter(name);
        return v == null ? "" : v;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    static String when(OffsetDateTime at) {
        return at == null ? "" : at.atZoneSameInstant(TOKYO).format(WHEN);
    }

    private Text text() {
        return language.text(CrmPages.MESSAGES);
    }

    private Map<String, Object> params(Text t, City city) {
        Map<String, Object> m = new HashMap<>();
        m.put("t", t);
        m.put("base", base(city));
        m.put("request", request);
        return m;
    }

    /** A page in the staff frame, the frame in the same language as the body ({@code t}). */
    private static Response page(City city, Text t, String title, String template, Map<String, Object> params, int status) {
        return StaffPage.html(status, StaffPage.page(city, t, title, "applications", CrmPages.TEMPLATES.content(template, params)));
    }

    private static String base(City city) {
        return "/c/" + city.code() + "/staff/applications";
    }

    /** The procedure's own words: English on an English page when it has them, else its Japanese (marked). */
    private static Content data(boolean en, String ja, String english) {
        return en && english != null && !english.isBlank() ? Ui.text(english) : Ui.japanese(ja == null ? "" : ja);
    }
}
