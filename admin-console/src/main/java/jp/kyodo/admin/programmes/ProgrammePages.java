package jp.kyodo.admin.programmes;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.admin.pages.AdminPages;
import jp.kyodo.admin.pages.CityAdminOnly;
import jp.kyodo.admin.programmes.internal.ProgrammeForm;
import jp.kyodo.agents.programmes.CityProgrammeRegistry;
import jp.kyodo.agents.programmes.DiffLine;
import jp.kyodo.agents.programmes.HouseholdInput;
import jp.kyodo.agents.programmes.ProgrammeDetail;
import jp.kyodo.agents.programmes.ProgrammeDraft;
import jp.kyodo.agents.programmes.ProgrammeEvaluation;
import jp.kyodo.agents.programmes.ProgrammeSummary;
import jp.kyodo.agents.programmes.ProgrammeVersion;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city admin's programme registry pages ({@code /c/<code>/admin/programmes…}, role city-admin): the list with
 * status and template updates, the edit form (fields and the YAML rule) with errors at their line and column, the
 * "try this rule" panel, publish and hide, version history with a diff, and the template-update review. Templates
 * {@code programmes/*.jte}; every form works without JavaScript and keeps what was typed when it is refused.
 */
@Path("c/{code}/admin/programmes")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@CityAdminOnly
public class ProgrammePages {

    static final int MEMBER_ROWS = 6;
    /** The form fields' labels, by message key (the registry's field names in {@link ProgrammeForm#FIELDS} order). */
    static final Map<String, String> FIELD_KEYS = Map.of("name", "programmes.field.name", "summary", "programmes.field.summary",
            "description", "programmes.field.description", "competentAuthority", "programmes.field.competentAuthority",
            "eligibilityText", "programmes.field.eligibilityText", "deadline", "programmes.field.deadline",
            "processingTime", "programmes.field.processingTime", "validFrom", "programmes.field.validFrom",
            "validTo", "programmes.field.validTo");

    @Inject
    TenantContext tenant;
    @Inject
    PageLanguage language;
    @Inject
    CityProgrammeRegistry registry;
    @Context
    HttpServletRequest request;

    // ------------------------------------------------------------------ list

    @GET
    public Response list(@PathParam("code") String code) {
        Text t = language.text(AdminPages.MESSAGES);
        Map<String, Object> p = params(t);
        p.put("city", tenant.city());
        p.put("programmes", registry.list(false));
        return page(200, t, t.plain("programmes.list.title"), "programmes/list.jte", p);
    }

    // ------------------------------------------------------------------ edit

    @GET
    @Path("new")
    public Response newForm(@PathParam("code") String code, @QueryParam("parent") String parent) {
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        List<ProgrammeSummary> all = registry.list(false);
        String newId = nextOwnId(city, all);
        ProgrammeSummary base = parent == null ? null
                : all.stream().filter(s -> s.programmeId().equals(parent)).findFirst().orElse(null);
        String skeleton;
        if (base != null) {
            // 派生制度: inherits every field and the rule of the parent; conditions added here narrow or extend it
            skeleton = "id: " + newId + "\nparentId: " + base.programmeId() + "\nderivation: 1\nname: " + base.name() + "（"
                    + city.name() + "）\ncompetentAuthority: " + city.name() + "\narea: {municipalities: [\"" + city.code() + "\"]}\n"
                    + "# 元の制度の項目と判定ルールを引き継ぎます。上乗せ・条件の追加は eligibility: に書きます（同じ id の条件は置き換え）。\n"
                    + "eligibility:\n  conditions: []\n";
        } else {
            skeleton = "id: " + newId + "\nname: \nsummary: \ncompetentAuthority: " + city.name() + "\n"
                    + "area: {municipalities: [\"" + city.code() + "\"]}\n"
                    + "eligibility:\n  parameters:\n    perChild: {label: 子1人あたり月額, unit: 円/月, values: {2025-04-01: 5000}}\n"
                    + "  definitions:\n    kids: children.filter(c, c.grade <= 9)\n  conditions:\n"
                    + "    - {id: child, label: 中学生以下の子がいる, when: size(kids) > 0}\n  amount: size(kids) * p.perChild\n";
        }
        return editPage(200, t, null, ProgrammeForm.split(skeleton), new EditState());
    }

    /** The first free {@code <city code>-nnnn}. */
    static String nextOwnId(City city, List<ProgrammeSummary> all) {
        int n = 1;
        while (true) {
            String id = city.code() + "-" + String.format("%04d", n);
            if (all.stream().noneMatch(s -> s.programmeId().equals(id))) {
                return id;
            }
            n++;
        }
    }

    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@PathParam("code") String code) {
        Text t = language.text(AdminPages.MESSAGES);
        MultivaluedMap<String, String> form = AdminPages.posted(request);
        ProgrammeForm pf = formOf(form, form.getFirst("f_id"));
        EditState st = EditState.of(form);
        try {
            switch (st.action) {
                case "try" -> st.evaluation = registry.tryNew(household(t, form, pf.compose()));
                case "validate" -> st.validated = validate(pf, st);
                default -> {
                    ProgrammeDetail d = registry.create(new ProgrammeDraft(pf.compose(), st.comment));
                    return Response.seeOther(URI.create(base() + "/" + d.summary().id() + "?saved=1")).build();
                }
            }
            return editPage(st.hasErrors() ? 400 : 200, t, null, pf, st);
        } catch (ProblemException e) {
            return refused(t, null, pf, st, e);
        } catch (Unreadable u) {
            st.general.add(u.message);
            return editPage(400, t, null, pf, st);
        }
    }

    @GET
    @Path("{id}")
    public Response edit(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("saved") String saved) {
        Text t = language.text(AdminPages.MESSAGES);
        ProgrammeDetail d = detail(uuid(id));
        EditState st = new EditState();
        st.noticeKey = saved == null ? null : switch (saved) {
            case "published" -> "programmes.saved.published";
            case "hidden" -> "programmes.saved.hidden";
            case "shown" -> "programmes.saved.shown";
            case "adopted" -> "programmes.saved.adopted";
            default -> "programmes.saved.draft";
        };
        return editPage(200, t, d, ProgrammeForm.split(d.latestYaml()), st);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("code") String code, @PathParam("id") String id) {
        Text t = language.text(AdminPages.MESSAGES);
        MultivaluedMap<String, String> form = AdminPages.posted(request);
        UUID entry = uuid(id);
        ProgrammeDetail d = detail(entry);
        ProgrammeForm pf = formOf(form, d.summary().programmeId());
        EditState st = EditState.of(form);
        try {
            switch (st.action) {
                case "try" -> st.evaluation = registry.tryRule(entry, household(t, form, pf.compose()));
                case "validate" -> st.validated = validate(pf, st);
                default -> {
                    registry.saveDraft(entry, new ProgrammeDraft(pf.compose(), st.comment));
                    return Response.seeOther(URI.create(base() + "/" + entry + "?saved=1")).build();
                }
            }
            return editPage(st.hasErrors() ? 400 : 200, t, d, pf, st);
        } catch (ProblemException e) {
            return refused(t, d, pf, st, e);
        } catch (Unreadable u) {
            st.general.add(u.message);
            return editPage(400, t, d, pf, st);
        }
    }

    @POST
    @Path("{id}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response publish(@PathParam("code") String code, @PathParam("id") String id,
                            @FormParam("version") String version, @FormParam("comment") String comment) {
        Text t = language.text(AdminPages.MESSAGES);
        UUID entry = uuid(id);
        try {
            registry.publish(entry, version == null || version.isBlank() ? null : Integer.valueOf(version), comment);
        } catch (ProblemException | NumberFormatException e) {
            ProgrammeDetail d = detail(entry);
            EditState st = new EditState();
            st.general.add(t.t("programmes.publish.refused"));
            if (e instanceof ProblemException p) {
                errorsOf(p, null, st);
            } else {
                st.general.add(t.t("programmes.publish.badVersion"));
            }
            return editPage(400, t, d, ProgrammeForm.split(d.latestYaml()), st);
        }
        return Response.seeOther(URI.create(base() + "/" + entry + "?saved=published")).build();
    }

    @POST
    @Path("{id}/hide")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response hide(@PathParam("code") String code, @PathParam("id") String id, @FormParam("hidden") String hidden) {
        boolean h = !"false".equals(hidden);
        UUID entry = detail(uuid(id)).summary().id();
        registry.hide(entry, h, null);
        return Response.seeOther(URI.create(base() + "/" + entry + "?saved=" + (h ? "hidden" : "shown"))).build();
    }

    // ------------------------------------------------------------------ history and template updates

    @GET
    @Path("{id}/history")
    public Response history(@PathParam("code") String code, @PathParam("id") String id,
                            @QueryParam("from") String from, @QueryParam("to") String to) {
        Text t = language.text(AdminPages.MESSAGES);
        UUID entry = uuid(id);
        ProgrammeDetail d = detail(entry);
        List<ProgrammeVersion> versions = d.versions();
        int latest = versions.get(0).version();
        int f = parse(from, Math.max(1, latest - 1));
        int to2 = parse(to, latest);
        List<DiffLine> diff;
        try {
            diff = registry.diff(entry, f, to2);
        } catch (ProblemException e) {
            diff = null;
        }
        Map<String, Object> p = params(t);
        p.put("detail", d);
        p.put("from", f);
        p.put("to", to2);
        p.put("diff", diff);
        return page(200, t, t.plain("programmes.history.title", d.summary().name()), "programmes/history.jte", p);
    }

    @GET
    @Path("{id}/template-update")
    public Response templateUpdate(@PathParam("code") String code, @PathParam("id") String id) {
        Text t = language.text(AdminPages.MESSAGES);
        UUID entry = uuid(id);
        ProgrammeDetail d = detail(entry);
        Map<String, Object> p = params(t);
        p.put("detail", d);
        p.put("update", registry.templateUpdate(entry));
        p.put("form", FormState.empty());
        return page(200, t, t.plain("programmes.update.title", d.summary().name()), "programmes/templateUpdate.jte", p);
    }

    @POST
    @Path("{id}/template-update")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response adopt(@PathParam("code") String code, @PathParam("id") String id, @FormParam("comment") String comment) {
        Text t = language.text(AdminPages.MESSAGES);
        ProgrammeDetail d = detail(uuid(id));
        UUID entry = d.summary().id();
        try {
            registry.adoptTemplateUpdate(entry, comment);
        } catch (ProblemException e) {
            if (e.status() != 409) {
                throw e;
            }
            Map<String, Object> p = params(t);
            p.put("detail", d);
            return page(409, t, t.plain("programmes.update.none.title"), "programmes/noUpdate.jte", p);
        }
        return Response.seeOther(URI.create(base() + "/" + entry + "?saved=adopted")).build();
    }

    // ------------------------------------------------------------------ the edit page

    /** What the edit page shows besides the form: errors, a validation result, a try result, a notice. */
    static final class EditState {
        String action = "save";
        String comment = "";
        final Map<String, String> household = new LinkedHashMap<>();
        /** Errors of the YAML textarea, with their line and column in it. */
        final List<ProgrammeWords.YamlError> yaml = new ArrayList<>();
        /** Errors of a form field (its name without {@code f_}), in Japanese: the registry's own messages. */
        final Map<String, List<String>> fields = new LinkedHashMap<>();
        /** Errors of nothing in particular. */
        final List<Content> general = new ArrayList<>();
        Boolean validated;
        ProgrammeEvaluation evaluation;
        String noticeKey;

        static EditState of(MultivaluedMap<String, String> form) {
            EditState s = new EditState();
            String a = form.getFirst("action");
            s.action = a == null ? "save" : a;
            s.comment = form.getFirst("comment") == null ? "" : form.getFirst("comment");
            form.forEach((k, v) -> {
                if (k.startsWith("h_") && !v.isEmpty()) {
                    s.household.put(k, v.get(0));
                }
            });
            return s;
        }

        boolean hasErrors() {
            return !yaml.isEmpty() || !fields.isEmpty() || !general.isEmpty();
        }

        void add(ProgrammeForm pf, int composedLine, int column, String message) {
            String field = pf == null ? null : pf.fieldAt(composedLine);
            if (field != null) {
                fields.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
            } else if (composedLine > 0) {
                int line = pf == null ? composedLine : pf.textareaLine(composedLine);
                String[] lines = pf == null ? new String[0] : pf.rest().split("\n", -1);
                yaml.add(new ProgrammeWords.YamlError(line, column, message,
                        line >= 1 && line <= lines.length ? lines[line - 1] : null));
            } else {
                general.add(Ui.japanese(message));
            }
        }
    }

    private Response refused(Text t, ProgrammeDetail d, ProgrammeForm pf, EditState st, ProblemException e) {
        if (e.status() == 404) {
            throw new NotFoundException();
        }
        if (e.status() >= 500) {
            throw e;
        }
        errorsOf(e, pf, st);
        return editPage(400, t, d, pf, st);
    }

    @SuppressWarnings("unchecked")
    private static void errorsOf(ProblemException e, ProgrammeForm pf, EditState st) {
        Object errors = e.extensions().get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                st.add(pf, ((Number) m.get("line")).intValue(), ((Number) m.get("column")).intValue(), String.valueOf(m.get("message")));
            }
        } else {
            String detail = e.detail() == null ? e.titleJa() : e.detail();
            int slash = detail.indexOf(" / ");
            st.add(null, 0, 0, slash > 0 ? detail.substring(0, slash) : detail);
        }
    }

    private boolean validate(ProgrammeForm pf, EditState st) {
        var v = registry.validate(pf.compose());
        for (var i : v.issues()) {
            st.add(pf, i.line(), i.column(), i.message());
        }
        return v.valid();
    }

    private Response editPage(int status, Text t, ProgrammeDetail d, ProgrammeForm pf, EditState st) {
        boolean isNew = d == null;
        FormState form = FormState.empty().value("f_id", pf.id() == null ? "" : pf.id()).value("rest", pf.rest())
                .value("comment", st.comment);
        ProgrammeForm.FIELDS.keySet().forEach(f -> form.value("f_" + f, pf.value(f)));
        st.household.forEach(form::value);
        // errors in the order of the form: the fields, then the rule
        for (String f : ProgrammeForm.FIELDS.keySet()) {
            List<String> messages = st.fields.get(f);
            if (messages != null) {
                form.error("f_" + f, Ui.japanese(String.join(" ", messages)));
            }
        }
        if (st.fields.containsKey("id")) {
            form.error("f_id", Ui.japanese(String.join(" ", st.fields.get("id"))));
        }
        if (!st.yaml.isEmpty()) {
            form.error("rest", t.t("programmes.error.yaml", st.yaml.size()));
        }
        List<String> fieldNames = new ArrayList<>(ProgrammeForm.FIELDS.keySet());
        Map<String, Object> p = params(t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("detail", d);
        p.put("action", isNew ? base() + "/new" : base() + "/" + d.summary().id());
        p.put("cityCode", tenant.city().code());
        p.put("fields", fieldNames);
        p.put("fieldKeys", FIELD_KEYS);
        p.put("yamlErrors", st.yaml);
        p.put("general", st.general);
        p.put("validated", Boolean.TRUE.equals(st.validated) && !st.hasErrors());
        p.put("evaluation", st.evaluation);
        p.put("noticeKey", st.noticeKey);
        p.put("memberRows", MEMBER_ROWS);
        String title = isNew ? t.plain("programmes.edit.newTitle") : t.plain("programmes.edit.title", d.summary().name());
        return page(status, t, title, "programmes/edit.jte", p);
    }

    // ------------------------------------------------------------------ the household typed in the try panel

    /** The household typed in the try panel; {@link Unreadable} (shown on the page) when a value cannot be read. */
    static HouseholdInput household(Text t, MultivaluedMap<String, String> form, String yaml) {
        List<HouseholdInput.Member> members = new ArrayList<>();
        for (int i = 1; i <= MEMBER_ROWS; i++) {
            String p = "h_m" + i + "_";
            String role = form.getFirst(p + "role");
            if (role == null || role.isBlank()) {
                continue;
            }
            String ryoiku = form.getFirst(p + "ryoiku");
            members.add(new HouseholdInput.Member(role, date(t, form.getFirst(p + "birth"), t.plain("programmes.try.member.birth", i)),
                    number(t, form.getFirst(p + "income"), t.plain("programmes.try.member.income", i)),
                    integer(t, form.getFirst(p + "physical")), ryoiku == null || ryoiku.isBlank() ? null : ryoiku,
                    integer(t, form.getFirst(p + "aino")), integer(t, form.getFirst(p + "mental")), false, false));
        }
        return new HouseholdInput(members, form.getFirst("h_single") != null,
                number(t, form.getFirst("h_income"), t.plain("programmes.try.income")), null,
                date(t, form.getFirst("h_asOf"), t.plain("programmes.try.asOf")), yaml);
    }

    /** A value of the try panel that cannot be read; the page says which, in its language. */
    static final class Unreadable extends RuntimeException {
        final transient Content message;

        Unreadable(Content message) {
            super(null, null, false, false);
            this.message = message;
        }
    }

    private static LocalDate date(Text t, String s, String label) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new Unreadable(t.t("programmes.try.date.invalid", label));
        }
    }

    private static Long number(Text t, String s, String label) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(s.strip().replace(",", "").replace("，", ""));
        } catch (NumberFormatException e) {
            throw new Unreadable(t.t("programmes.try.number.invalid", label));
        }
    }

    private static Integer integer(Text t, String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new Unreadable(t.t("programmes.try.grade.invalid"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ProgrammeForm formOf(MultivaluedMap<String, String> form, String id) {
        Map<String, String> values = new LinkedHashMap<>();
        ProgrammeForm.FIELDS.keySet().forEach(k -> values.put(k, form.getFirst("f_" + k)));
        return new ProgrammeForm(id, values, form.getFirst("rest"));
    }

    private static int parse(String s, int fallback) {
        try {
            return s == null || s.isBlank() ? fallback : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

    /** The programme for the admin, or the city's "not found" page (another city's id is not found either). */
    private ProgrammeDetail detail(UUID id) {
        try {
            return registry.get(id, true);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            throw e;
        }
    }

    private String base() {
        return "/c/" + tenant.city().code() + "/admin/programmes";
    }

    private Map<String, Object> params(Text t) {
        return AdminPages.params(t, base(), request);
    }

    private Response page(int status, Text t, String title, String template, Map<String, Object> p) {
        return AdminPages.page(status, t, title, tenant.city(), template, p);
    }
}
