package jp.kyodo.portal.applications;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
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
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.ApplicationView;
import jp.kyodo.crm.applications.FieldError;
import jp.kyodo.crm.applications.MyApplications;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.Procedures;
import jp.kyodo.crm.cases.AttachmentRejected;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.portal.profile.CitizenPage;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The citizen's applications ({@code /c/<code>/me/applications…}, templates {@code applications/*.jte}, messages
 * {@code apply.*}): the list, the procedures to apply for, the form (pre-filled, each value saying where it came from;
 * rows of a repeating group added with a button, no JavaScript), documents, the review page, the receipt, the timeline
 * with the result notice, the answer to a request and the withdrawal. Every successful post answers 303 (Post/Redirect/
 * Get); a post with errors answers the form again with 400, the errors tied to their fields and the input kept (files
 * excepted: a browser never sends them again, and the page says so). Submitting twice (a double click) answers the
 * same receipt: the application's own id is the key.
 */
@Path("c/{code}/me/applications")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ApplicationPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** A row of my applications. */
    public record Row(String id, Content number, Content procedure, Content status, String submitted) {
    }

    /** A procedure one may start; {@code members} when it is about a household member (empty: none to act for). */
    public record Offer(String id, Content name, Content summary, boolean forMember, List<Member> members) {
    }

    /** A household member the citizen acts for. */
    public record Member(String id, Content name) {
    }

    /** A section of the form: its entries (one unless it repeats) and whether a row can be added. */
    public record Section(String id, Content title, List<Entry> entries, boolean canAdd) {
    }

    /** One entry of a section: its heading when the section repeats, and its fields (rendered components). */
    public record Entry(Content heading, List<Content> fields) {
    }

    /** A document the procedure asks for, with the names of the files given. */
    public record Requirement(String id, Content label, boolean required, List<String> files) {
    }

    /** A section of answers as the review and status pages list them. */
    public record AnswerSection(Content title, List<AnswerEntry> entries) {
    }

    /** One entry's answers. */
    public record AnswerEntry(Content heading, List<Answer> answers) {
    }

    /** A label and the answer in words. */
    public record Answer(Content label, Content value) {
    }

    /** A timeline entry; {@code lines} is its text, line by line. */
    public record Event(Content label, String at, List<String> lines) {
    }

    @Inject
    TenantContext tenant;
    @Inject
    MyApplications mine;
    @Inject
    Procedures procedures;
    @Inject
    CitizenRecords records;
    @Inject
    AttachmentRules rules;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    public Response list(@PathParam("code") String code) {
        City city = tenant.city();
        Text t = text();
        List<Row> rows = mine.list().stream().map(s -> new Row(s.id(), s.receptionNumber() == null ? t.t("apply.draft")
                : Ui.text(s.receptionNumber()), Ui.japanese(s.procedureName()), status(t, s.status()),
                s.submittedAt() == null ? "" : s.submittedAt().atZoneSameInstant(TOKYO).toLocalDate().toString())).toList();
        Map<String, Object> p = params(t, city);
        p.put("rows", rows);
        return page(city, t, "apply.title.list", "applications/list.jte", p, 200);
    }

    @GET
    @Path("new")
    public Response procedures(@PathParam("code") String code) {
        City city = tenant.city();
        Text t = text();
        boolean en = english(t);
        List<Member> members = records.mine().map(r -> r.household()).orElse(List.of()).stream()
                .filter(m -> m.actsFor()).map(m -> new Member(String.valueOf(m.id()), Ui.japanese(m.fullName()))).toList();
        List<Offer> offers = procedures.list(true).stream().map(s -> {
            ProcedureDefinition d = procedures.get(s.procedureId(), false).published();
            return new Offer(s.procedureId(), data(en, s.name(), s.nameEn()), s.summary() == null ? null
                    : Ui.japanese(s.summary()), d.subject() == ProcedureDefinition.Subject.MEMBER, members);
        }).toList();
        Map<String, Object> p = params(t, city);
        p.put("offers", offers);
        return page(city, t, "apply.title.new", "applications/procedures.jte", p, 200);
    }

    @POST
    @Path("new")
    public Response start(@PathParam("code") String code) {
        City city = tenant.city();
        checkToken(request.getParameter(FormToken.FIELD));
        ApplicationView v = call(() -> mine.start(new MyApplications.Start(request.getParameter("procedureId"),
                request.getParameter("memberId"))));
        return Response.seeOther(URI.create(base(city) + "/" + v.id())).build();
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("add") String add) {
        City city = tenant.city();
        ApplicationView v = call(() -> mine.get(id));
        if (v.status() == ApplicationStatus.DRAFT) {
            return form(city, v, add, List.of(), null, 200);
        }
        return status(city, v, List.of(), 200);
    }

    @POST
    @Path("{id}")
    public Response save(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        checkToken(request.getParameter(FormToken.FIELD));
        Map<String, String> answers = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (!k.startsWith("_") && !k.equals("action") && v.length > 0) {
                answers.put(k, v[0]);
            }
        });
        String action = request.getParameter("action");
        try {
            ApplicationView v = mine.saveAnswers(id, answers);
            if (action != null && action.startsWith("add:")) {
                return Response.seeOther(URI.create(base(city) + "/" + v.id() + "?add=" + action.substring(4).replaceAll(
                        "[^A-Za-z0-9_-]", "") + "#" + action.substring(4).replaceAll("[^A-Za-z0-9_-]", ""))).build();
            }
            if ("review".equals(action)) {
                return Response.seeOther(URI.create(base(city) + "/" + v.id() + "/review")).build();
            }
            return Response.seeOther(URI.create(base(city) + "/" + v.id() + "?saved")).build();
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw pageError(e);
            }
            return form(city, call(() -> mine.get(id)), null, errors(e), answers, 400);
        }
    }

    @POST
    @Path("{id}/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("code") String code, @PathParam("id") String id,
                           List<EntityPart> parts) {
        City city = tenant.city();
        AttachmentRules.Form form = rules.readForm(parts, request);
        checkToken(form.field(FormToken.FIELD));
        try {
            mine.attach(id, form.field("requirement"), form.files());
            return Response.seeOther(URI.create(base(city) + "/" + id + "?attached#documents")).build();
        } catch (AttachmentRejected e) {
            return form(city, call(() -> mine.get(id)), null, List.of(new FieldError("file", e.messageJa(), e.messageEn())),
                    null, 400, e);
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw pageError(e);
            }
            return form(city, call(() -> mine.get(id)), null, errors(e), null, 400);
        }
    }

    @GET
    @Path("{id}/review")
    public Response review(@PathParam("code") String code, @PathParam("id") String id,
                           @QueryParam("signature") String refusal) {
        City city = tenant.city();
        Text t = text();
        ApplicationView v = call(() -> mine.get(id));
        if (v.status() != ApplicationStatus.DRAFT) {
            return Response.seeOther(URI.create(base(city) + "/" + v.id())).build();
        }
        Map<String, Content> labels = labels(v, english(t));
        Map<String, Object> p = params(t, city);
        p.put("id", v.id());
        p.put("procedure", Ui.japanese(v.procedureName()));
        p.put("missing", v.missing().stream().map(e -> message(t, e, labels)).toList());
        p.put("answers", answers(t, v));
        p.put("documents", requirements(v, english(t)));
        p.put("cardSignature", mine.needsCardSignature(v.id()));
        p.put("signRefusal", refusal == null ? null : signRefusal(t, refusal));
        return page(city, t, "apply.title.review", "applications/review.jte", p, 200);
    }

    /**
     * 「マイナンバーカードで署名して申請」: Kyodo creates a sign transaction with the digest of exactly this form and
     * sends the person to the デジタル認証アプリ to approve it with their card; they come back to {@link #signed}.
     */
    @POST
    @Path("{id}/sign")
    public Response sign(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        checkToken(request.getParameter(FormToken.FIELD));
        try {
            return Response.seeOther(mine.startCardSignature(id, signedUri(city))).build();
        } catch (ProblemException e) {
            if (e.status() == 400) {
                return Response.seeOther(URI.create(base(city) + "/" + id + "/review")).build();
            }
            if (e.status() == 503) {
                return Response.seeOther(URI.create(base(city) + "/" + id + "/review?signature=unavailable")).build();
            }
            throw pageError(e);
        }
    }

    /** The way back from the デジタル認証アプリ: filed when the signature verifies, else the review page says why. */
    @GET
    @Path("signed")
    public Response signed(@PathParam("code") String code, @QueryParam("state") String state,
                           @QueryParam("code") String authorizationCode, @QueryParam("error") String error) {
        City city = tenant.city();
        MyApplications.SignatureOutcome o = mine.completeCardSignature(state, authorizationCode, error, signedUri(city));
        if (o.applicationId() == null) {
            throw new NotFoundException();
        }
        if (o.receipt() != null) {
            return Response.seeOther(URI.create(base(city) + "/" + o.applicationId() + "?received")).build();
        }
        return Response.seeOther(URI.create(base(city) + "/" + o.applicationId() + "/review?signature="
                + o.refusal())).build();
    }

    /** The redirect URI registered with the デジタル認証アプリ for this city's pages. */
    private String signedUri(City city) {
        int port = request.getServerPort();
        return request.getScheme() + "://" + request.getServerName() + (port == 80 || port == 443 ? "" : ":" + port)
                + base(city) + "/signed";
    }

    private static Content signRefusal(Text t, String reason) {
        return switch (reason) {
            case "cancelled" -> t.t("apply.sign.refused.cancelled");
            case "digest-mismatch" -> t.t("apply.sign.refused.changed");
            case "another-person" -> t.t("apply.sign.refused.person");
            case "expired" -> t.t("apply.sign.refused.expired");
            case "unavailable" -> t.t("apply.sign.unavailable");
            default -> t.t("apply.sign.refused.invalid");
        };
    }

    @POST
    @Path("{id}/submit")
    public Response submit(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        checkToken(request.getParameter(FormToken.FIELD));
        try {
            // the application's id is the key: a second click answers the same receipt
            mine.submit(id, "page-" + id);
            return Response.seeOther(URI.create(base(city) + "/" + id + "?received")).build();
        } catch (ProblemException e) {
            if (e.status() == 400) {
                return Response.seeOther(URI.create(base(city) + "/" + id + "/review")).build();
            }
            throw pageError(e);
        }
    }

    @POST
    @Path("{id}/answer")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response answer(@PathParam("code") String code, @PathParam("id") String id,
                           List<EntityPart> parts) {
        City city = tenant.city();
        AttachmentRules.Form form = rules.readForm(parts, request);
        checkToken(form.field(FormToken.FIELD));
        try {
            mine.answer(id, form.field("text"), form.field("requirement"), form.files());
            return Response.seeOther(URI.create(base(city) + "/" + id + "?answered")).build();
        } catch (AttachmentRejected e) {
            return status(city, call(() -> mine.get(id)), List.of(new FieldError("file", e.messageJa(), e.messageEn())),
                    400, form.field("text"), form.field("requirement"), e);
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw pageError(e);
            }
            return status(city, call(() -> mine.get(id)), errors(e), 400, form.field("text"), form.field("requirement"), null);
        }
    }

    @POST
    @Path("{id}/withdraw")
    public Response withdraw(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        checkToken(request.getParameter(FormToken.FIELD));
        call(() -> mine.withdraw(id, request.getParameter("reason")));
        return Response.seeOther(URI.create(base(city) + "/" + id)).build();
    }

    @GET
    @Path("{id}/notice")
    @Produces(MediaType.WILDCARD)
    public Response notice(@PathParam("code") String code, @PathParam("id") String id) {
        return call(() -> mine.notice(id)).response();
    }

    // ---------------------------------------------------------------- the form

    private Response form(City city, ApplicationView v, String addTo, List<FieldError> errors, Map<String, String> typed,
                          int status) {
        return form(city, v, addTo, errors, typed, status, null);
    }

    private Response form(City city, ApplicationView v, String addTo, List<FieldError> errors, Map<String, String> typed,
                          int status, AttachmentRejected refused) {
        Text t = text();
        boolean en = english(t);
        Map<String, Content> labels = labels(v, en);
        FormState state = FormState.empty();
        List<Section> sections = new ArrayList<>();
        // the values first (every field of every row), then the errors in the order the service found them
        List<List<ApplicationView.FormField>> all = new ArrayList<>();
        for (ApplicationView.FormSection s : v.form()) {
            List<List<ApplicationView.FormField>> rows = new ArrayList<>(s.rows());
            boolean add = s.repeats() && rows.size() < s.max() && (rows.isEmpty() || s.id().equals(addTo));
            if (add) {
                rows.add(emptyRow(s, rows.size()));
            }
            for (List<ApplicationView.FormField> row : rows) {
                for (ApplicationView.FormField f : row) {
                    String value = typed != null ? typed.get(f.key()) : f.value();
                    state.value(f.key(), value == null ? "" : value);
                }
            }
            all.addAll(rows);
        }
        for (FieldError e : errors) {
            if (state.error(e.field()) == null) {
                state.error(e.field(), refused != null && "file".equals(e.field()) ? refusal(t, refused) : message(t, e, labels));
            }
        }
        int r = 0;
        for (ApplicationView.FormSection s : v.form()) {
            int n = s.rows().size() + (s.repeats() && s.rows().size() < s.max() && (s.rows().isEmpty()
                    || s.id().equals(addTo)) ? 1 : 0);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++, r++) {
                List<Content> fields = all.get(r).stream().map(f -> field(t, en, f, state)).toList();
                entries.add(new Entry(s.repeats() ? t.t("apply.row", i + 1) : null, fields));
            }
            sections.add(new Section(s.id(), data(en, s.title(), s.titleEn()), entries, s.repeats() && n < s.max()));
        }
        Map<String, Object> p = params(t, city);
        p.put("id", v.id());
        p.put("procedure", Ui.japanese(v.procedureName()));
        p.put("subject", v.subjectName() == null ? null : Ui.japanese(v.subjectName()));
        p.put("saved", status == 200 && request.getParameter("saved") != null);
        p.put("attachedNow", status == 200 && request.getParameter("attached") != null);
        p.put("form", state);
        p.put("sections", sections);
        p.put("documents", requirements(v, en));
        p.put("fileHint", fileHint(t));
        p.put("fileError", state.error("file") != null || state.error("requirement") != null);
        return page(city, t, null, v.procedureName(), "applications/form.jte", p, status);
    }

    private static List<ApplicationView.FormField> emptyRow(ApplicationView.FormSection s, int i) {
        // a new row: the section's shape with the row's index and no value
        return s.shape().stream().map(f -> new ApplicationView.FormField(f.key().replaceFirst("\\[0]", "[" + i + "]"),
                f.label(), f.labelEn(), f.type(), f.required(), f.hint(), f.options(), null, null, null, null, true)).toList();
    }

    /** One field as the design system's component: radios for a choice or yes/no, else a labelled input. */
    private static Content field(Text t, boolean en, ApplicationView.FormField f, FormState state) {
        Content name = data(en, f.label(), f.labelEn());
        Content label = f.required() ? t.t("apply.field.required", name) : name;
        List<Content> hints = new ArrayList<>();
        if (f.hint() != null && !f.hint().isBlank()) {
            hints.add(Ui.japanese(f.hint()));
        }
        String value = state.value(f.key());
        if (f.source() != null && value.equals(f.value())) {
            hints.add("household".equals(f.source()) ? t.t("apply.source.household") : "profile".equals(f.source())
                    ? t.t("apply.source.profile") : t.t("apply.source.other"));
        }
        Content hint = hints.isEmpty() ? null : hints.size() == 1 ? hints.get(0) : t.t("apply.field.hints", hints.get(0), hints.get(1));
        return switch (f.type()) {
            case "yesno" -> Ui.radios(state, f.key(), label, hint, List.of(new Ui.Option("yes", t.t("apply.yes"), false),
                    new Ui.Option("no", t.t("apply.no"), false)));
            case "choice" -> Ui.radios(state, f.key(), label, hint, f.options().stream().map(o -> new Ui.Option(o.value(),
                    data(en, o.label(), o.labelEn()), false)).toList());
            case "textarea" -> Ui.field(state, f.key(), label, hint, "textarea", null);
            case "date" -> Ui.field(state, f.key(), label, hint, "date", null);
            case "email" -> Ui.field(state, f.key(), label, hint, "email", "email");
            case "phone" -> Ui.field(state, f.key(), label, hint, "tel", null);
            default -> Ui.field(state, f.key(), label, hint, "text", null);
        };
    }

    // ---------------------------------------------------------------- the status page

    private Response status(City city, ApplicationView v, List<FieldError> errors, int status) {
        return status(city, v, errors, status, "", "", null);
    }

    private Response status(City city, ApplicationView v, List<FieldError> errors, int status, String text, String requirement,
                            AttachmentRejected refused) {
        Text t = text();
        boolean en = english(t);
        Map<String, Content> labels = labels(v, en);
        FormState state = FormState.empty().value("text", text == null ? "" : text);
        for (FieldError e : errors) {
            if (state.error(e.field()) == null) {
                state.error(e.field(), refused != null && "file".equals(e.field()) ? refusal(t, refused) : message(t, e, labels));
            }
        }
        boolean received = status == 200 && request.getParameter("received") != null;
        List<Event> events = v.timeline().stream().map(e -> new Event(event(t, e.kind()), when(e.at()),
                e.body() == null || e.body().isBlank() ? List.of() : List.of(e.body().split("\n")))).toList();
        Map<String, Object> p = params(t, city);
        p.put("id", v.id());
        p.put("procedure", Ui.japanese(v.procedureName()));
        p.put("subject", v.subjectName() == null ? null : Ui.japanese(v.subjectName()));
        p.put("number", v.receptionNumber());
        p.put("state", status(t, v.status()));
        p.put("received", received);
        p.put("answered", status == 200 && request.getParameter("answered") != null);
        p.put("notice", v.noticeId() != null);
        p.put("events", events);
        p.put("requested", v.status() == ApplicationStatus.INFO_REQUESTED);
        p.put("open", v.status().open());
        p.put("form", state);
        p.put("requirement", requirement == null ? "" : requirement);
        p.put("documents", requirements(v, en));
        p.put("fileHint", fileHint(t));
        p.put("answers", answers(t, v));
        return page(city, t, received ? "apply.title.receipt" : null, v.procedureName(), "applications/status.jte", p, status);
    }

    // ---------------------------------------------------------------- words

    private static List<AnswerSection> answers(Text t, ApplicationView v) {
        boolean en = english(t);
        List<AnswerSection> out = new ArrayList<>();
        for (ApplicationView.FormSection s : v.form()) {
            List<AnswerEntry> entries = new ArrayList<>();
            int i = 0;
            for (List<ApplicationView.FormField> row : s.rows()) {
                i++;
                List<Answer> answers = row.stream().filter(ApplicationView.FormField::shown).map(f -> new Answer(
                        data(en, f.label(), f.labelEn()), answer(t, en, f))).toList();
                entries.add(new AnswerEntry(s.repeats() ? t.t("apply.row", i) : null, answers));
            }
            out.add(new AnswerSection(data(en, s.title(), s.titleEn()), entries));
        }
        return out;
    }

    private static Content answer(Text t, boolean en, ApplicationView.FormField f) {
        if (f.value() == null || f.value().isBlank()) {
            return t.t("apply.noAnswer");
        }
        if (f.type().equals("yesno")) {
            return "yes".equals(f.value()) ? t.t("apply.yes") : t.t("apply.no");
        }
        if (f.type().equals("choice")) {
            return f.options().stream().filter(o -> o.value().equals(f.value())).findFirst()
                    .map(o -> data(en, o.label(), o.labelEn())).orElse(Ui.japanese(f.value()));
        }
        return Ui.japanese(f.value());
    }

    private static List<Requirement> requirements(ApplicationView v, boolean en) {
        return v.attachments().stream().map(r -> new Requirement(r.id(), data(en, r.label(), r.labelEn()), r.required(),
                r.files().stream().map(ApplicationView.FileInfo::fileName).toList())).toList();
    }

    /** Every field's label and every document's, by the key an error names. */
    private static Map<String, Content> labels(ApplicationView v, boolean en) {
        Map<String, Content> labels = new HashMap<>();
        for (ApplicationView.FormSection s : v.form()) {
            labels.put(s.id(), data(en, s.title(), s.titleEn()));
            for (List<ApplicationView.FormField> row : s.rows()) {
                row.forEach(f -> labels.put(f.key(), data(en, f.label(), f.labelEn())));
            }
            s.shape().forEach(f -> labels.putIfAbsent(f.key(), data(en, f.label(), f.labelEn())));
        }
        v.attachments().forEach(r -> labels.put("attachments." + r.id(), data(en, r.label(), r.labelEn())));
        return labels;
    }

    /**
     * What is wrong, in the page's language: the service names each error with a code and its values
     * ({@link FieldError#code()}), the page words it with its own messages ({@code apply.check.*}) and the field's label
     * in the page's language. An error without a code (none is left in the application service) is the service's
     * Japanese or English sentence, or in the other languages "check this field".
     */
    static Content message(Text t, FieldError e, Map<String, Content> labels) {
        Content found = labels.get(e.field());
        if (found == null) {
            found = labels.get(e.field().replaceAll("\\[\\d+]", "[0]"));
        }
        Content label = found != null ? found
                : Ui.japanese(e.field().startsWith("attachments.") ? e.field().substring(12) : e.field());
        if (e.code() != null) {
            Content coded = coded(t, e.code(), label, e.values());
            if (coded != null) {
                return coded;
            }
        }
        String tag = t.tag();
        if (tag.equals(Languages.JAPANESE)) {
            return Ui.text(e.messageJa());
        }
        if (tag.equals(Languages.ENGLISH)) {
            return Ui.text(e.messageEn());
        }
        if (e.field().startsWith("attachments.")) {
            return t.t("apply.error.document", label);
        }
        return found == null ? t.t("apply.error.form") : t.t("apply.error.field", label);
    }

    /** The message of a {@link FieldError#code()}: {0} the label, {1}, {2} its values; null for an unknown code. */
    private static Content coded(Text t, String code, Content label, List<String> values) {
        String v1 = values.isEmpty() ? "" : values.get(0);
        String v2 = values.size() < 2 ? "" : values.get(1);
        return switch (code) {
            case "unknown" -> t.t("apply.check.unknown", label);
            case "rows" -> t.t("apply.check.rows", label, v1);
            case "required" -> t.t("apply.check.required", label);
            case "tooLong" -> t.t("apply.check.tooLong", label, v1, v2);
            case "between" -> t.t("apply.check.between", label, v1, v2);
            case "atLeast" -> t.t("apply.check.atLeast", label, v1);
            case "atMost" -> t.t("apply.check.atMost", label, v1);
            case "whole" -> t.t("apply.check.whole", label);
            case "date" -> t.t("apply.check.date", label);
            case "dateFormat" -> t.t("apply.check.dateFormat", label);
            case "choice" -> t.t("apply.check.choice", label);
            case "yesNo" -> t.t("apply.check.yesNo", label);
            case "postalCode" -> t.t("apply.check.postalCode", label);
            case "phone" -> t.t("apply.check.phone", label);
            case "email" -> t.t("apply.check.email", label);
            case "format" -> t.t("apply.check.format", label);
            case "document" -> t.t("apply.error.document", label);
            case "messageTooLong" -> t.t("apply.check.messageTooLong", v1);
            case "messageEmpty" -> t.t("apply.check.messageEmpty");
            case "noSuchDocument" -> t.t("apply.check.noSuchDocument", v1);
            case "tooManyAnswers" -> t.t("apply.check.tooManyAnswers");
            default -> null;
        };
    }

    /** Why a file was refused, in the page's language. */
    private static Content refusal(Text t, AttachmentRejected e) {
        String name = e.fileName() == null ? "" : e.fileName();
        return switch (e.type()) {
            case "attachment-type" -> t.t("apply.file.error.type", name);
            case "attachment-too-large" -> t.t("apply.file.error.size", name);
            case "empty-attachment" -> t.t("apply.file.error.empty", name);
            default -> t.t("apply.file.error.count");
        };
    }

    private Content fileHint(Text t) {
        return t.t("apply.file.hint", rules.maxFiles(), (rules.maxFileBytes() + 1048575) / 1048576);
    }

    static Content status(Text t, ApplicationStatus s) {
        return switch (s) {
            case DRAFT -> Ui.tag("info", t.t("apply.status.draft"));
            case SUBMITTED -> Ui.tag("info", t.t("apply.status.submitted"));
            case IN_REVIEW -> Ui.tag("info", t.t("apply.status.inReview"));
            case INFO_REQUESTED -> Ui.tag("warning", t.t("apply.status.infoRequested"));
            case APPROVED -> Ui.tag("success", t.t("apply.status.approved"));
            case REJECTED -> Ui.tag("error", t.t("apply.status.rejected"));
            case WITHDRAWN -> Ui.tag("info", t.t("apply.status.withdrawn"));
        };
    }

    private static Content event(Text t, String kind) {
        return switch (kind) {
            case "SUBMITTED" -> t.t("apply.event.submitted");
            case "TAKEN" -> t.t("apply.event.taken");
            case "INFO_REQUESTED" -> t.t("apply.event.infoRequested");
            case "INFO_PROVIDED" -> t.t("apply.event.infoProvided");
            case "STEP_CHECKED" -> t.t("apply.event.checked");
            case "STEP_APPROVED" -> t.t("apply.event.stepApproved");
            case "APPROVED" -> t.t("apply.event.approved");
            case "REJECTED" -> t.t("apply.event.rejected");
            case "WITHDRAWN" -> t.t("apply.event.withdrawn");
            default -> t.t("apply.event.other");
        };
    }

    static String when(OffsetDateTime at) {
        return at == null ? "" : at.atZoneSameInstant(TOKYO).format(WHEN);
    }

    // ---------------------------------------------------------------- helpers

    private static List<FieldError> errors(ProblemException e) {
        Object list = e.extensions().get("errors");
        if (list instanceof List<?> l) {
            return l.stream().filter(Map.class::isInstance).map(m -> (Map<?, ?>) m).map(m -> new FieldError(
                    String.valueOf(m.get("field")), String.valueOf(m.get("message")), String.valueOf(m.get("messageEn")),
                    m.get("code") instanceof String c ? c : null,
                    m.get("values") instanceof List<?> vs ? vs.stream().map(String::valueOf).toList() : List.of())).toList();
        }
        return List.of(new FieldError("form", e.detail(), e.detail()));
    }

    private interface Call<T> {
        T get();
    }

    /** A service call; a 404 of the service is the city's "page not found" page (another city's or citizen's). */
    private static <T> T call(Call<T> c) {
        try {
            return c.get();
        } catch (ProblemException e) {
            throw pageError(e);
        }
    }

    private static RuntimeException pageError(ProblemException e) {
        // the error pages word each status in the person's language, never the problem's own text
        return e.status() == 404 ? new NotFoundException() : e;
    }

    private static void checkToken(String posted) {
        // SameOriginForms checks every page form already; this keeps the handler safe on its own
        if (posted == null) {
            throw new ForbiddenException();
        }
    }

    private Text text() {
        return language.text(PortalPages.MESSAGES);
    }

    private Map<String, Object> params(Text t, City city) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("base", base(city));
        p.put("request", request);
        return p;
    }

    private Response page(City city, Text t, String titleKey, String template, Map<String, Object> p, int status) {
        return page(city, t, titleKey, null, template, p, status);
    }

    private Response page(City city, Text t, String titleKey, String title, String template, Map<String, Object> p, int status) {
        String words = (status == 400 ? t.plain("apply.errorTitle") + " " : "") + (titleKey != null ? t.plain(titleKey) : title);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(PageShell.page(t.tag(),
                words + " — " + city.name(), city, PortalPages.TEMPLATES.content(template, p), null)).build();
    }

    private static String base(City city) {
        return "/c/" + city.code() + "/me/applications";
    }

    private static boolean english(Text t) {
        return "en".equals(t.tag());
    }

    /** The procedure's own words: English on an English page when it has them, else its Japanese (marked). */
    private static Content data(boolean en, String ja, String english) {
        return en && english != null && !english.isBlank() ? Ui.text(english) : Ui.japanese(ja == null ? "" : ja);
    }
}
