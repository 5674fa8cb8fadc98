package jp.kyodo.crm.pages;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import jp.kyodo.crm.cases.CaseQueues;
import jp.kyodo.crm.cases.CaseRouting;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.QueueDraft;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.crm.cases.ResponseTargets;
import jp.kyodo.crm.cases.RoutingRule;
import jp.kyodo.crm.cases.SlaRules;
import jp.kyodo.crm.cases.SlaTarget;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The contact centre's settings as pages, for cities without IT staff: queues (窓口), routing rules (振り分けルール,
 * ordered) and response targets (対応期限) with the warning before them. Operators and staff see them; city
 * administrators change them (the same roles as the API, and the same {@link CaseQueues}, {@link CaseRouting} and
 * {@link ResponseTargets} methods). Templates in
 * {@code crm/src/main/jte/settings}, words in the crm bundle ({@code settings.*}) in six languages; the forms go
 * through {@link Ui#form} (the session's token), are checked here in the page's language (the service checks again),
 * keep what was typed and answer 303 after saving (Post/Redirect/Get).
 */
@Path("c/{code}/staff/settings")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffSettingsPages {

    static final String ADMIN = "city-admin";
    private static final Pattern QUEUE_CODE = Pattern.compile("[a-z0-9-]{1,40}");
    private static final int MAX_WORDS = 20;
    private static final int MAX_WORD = 40;

    /** Each priority's name, by message key. */
    static final Map<Priority, String> PRIORITY = Map.of(Priority.LOW, "settings.priority.LOW",
            Priority.NORMAL, "settings.priority.NORMAL", Priority.HIGH, "settings.priority.HIGH",
            Priority.URGENT, "settings.priority.URGENT");
    /** Each category's name, by message key (the codes of {@link Category}). */
    static final Map<String, String> CATEGORY = Map.of("procedures", "settings.category.procedures",
            "childcare", "settings.category.childcare", "tax", "settings.category.tax",
            "insurance", "settings.category.insurance", "welfare", "settings.category.welfare",
            "waste", "settings.category.waste", "other", "settings.category.other");
    /** The banner after a save ({@code ?done=}). */
    static final Map<String, String> DONE = Map.of("sla", "settings.done.sla", "queue", "settings.done.queue",
            "rule", "settings.done.rule", "up", "settings.done.moved", "down", "settings.done.moved",
            "delete", "settings.done.deleted");

    @Inject
    TenantContext tenant;
    @Inject
    ResponseTargets responseTargets;
    @Inject
    CaseQueues caseQueues;
    @Inject
    CaseRouting caseRouting;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    /** A routing rule as the overview shows it. */
    public record RuleLine(String id, int number, Content conditions, String queue, Content priority, boolean first,
                           boolean last) {
    }

    /** One priority's response target: its fields, and the current setting in words. */
    public record Target(Content label, String minutesField, String warnField, Content now, Content auto) {
    }

    // ------------------------------------------------------------------ overview and response targets

    @GET
    public Response overview(@PathParam("code") String code, @QueryParam("done") String done) {
        Text t = language.text(CrmPages.MESSAGES);
        return overviewPage(t, tenant.city(), slaForm(responseTargets.slaTargets()), DONE.get(done == null ? "" : done), 200);
    }

    @POST
    @Path("sla")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response saveSla(@PathParam("code") String code) {
        Map<String, String> posted = posted();
        Text t = language.text(CrmPages.MESSAGES);
        City city = tenant.city();
        FormState form = FormState.empty();
        List<SlaTarget> targets = new ArrayList<>();
        if (!FormToken.valid(request, posted.get(FormToken.FIELD))) {
            form.error(slaField(Priority.values()[0], "minutes"), t.t("settings.expired"));
        }
        for (Priority p : Priority.values()) {
            String mField = slaField(p, "minutes");
            String wField = slaField(p, "warn");
            form.value(mField, posted.getOrDefault(mField, "").strip()).value(wField, posted.getOrDefault(wField, "").strip());
            Content label = t.t(PRIORITY.get(p));
            Integer minutes = number(form.value(mField));
            Integer warn = number(form.value(wField));
            if (form.value(mField).isEmpty()) {
                form.error(mField, t.t("settings.sla.minutes.missing", label));
            } else if (minutes == null) {
                form.error(mField, t.t("settings.sla.minutes.notNumber", label));
            } else if (minutes < 5 || minutes > 525600) {
                form.error(mField, t.t("settings.sla.minutes.range", label));
            }
            if (!form.value(wField).isEmpty() && warn == null) {
                form.error(wField, t.t("settings.sla.warn.notNumber", label));
            } else if (warn != null && minutes != null && (warn < 1 || warn > minutes)) {
                form.error(wField, t.t("settings.sla.warn.range", label, minutes));
            }
            targets.add(new SlaTarget(p, minutes == null ? 0 : minutes, warn));
        }
        if (!form.hasErrors()) {
            try {
                responseTargets.replaceSlaTargets(targets);
                return Response.seeOther(URI.create("/c/" + city.code() + "/staff/settings?done=sla#sla-heading")).build();
            } catch (ProblemException e) {
                collect(e, form, StaffSettingsPages::slaInput, slaField(Priority.values()[0], "minutes"));
            }
        }
        return overviewPage(t, city, form, null, 400);
    }

    private Response overviewPage(Text t, City city, FormState form, String doneKey, int status) {
        List<QueueView> queues = caseQueues.queues();
        Map<String, String> queueNames = new LinkedHashMap<>();
        queues.forEach(q -> queueNames.put(q.code(), q.name()));
        List<RoutingRule> rules = caseRouting.routingRules();
        List<RuleLine> lines = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            RoutingRule r = rules.get(i);
            lines.add(new RuleLine(String.valueOf(r.id()), i + 1, conditions(t, r),
                    queueNames.getOrDefault(r.queueCode(), r.queueCode()),
                    r.priority() == null ? null : t.t("settings.rules.raise", t.t(PRIORITY.get(r.priority()))),
                    i == 0, i == rules.size() - 1));
        }
        Map<String, Object> p = formPage(t, form, request, "/c/" + city.code() + "/staff/settings");
        p.put("admin", SignedIn.hasRole(request, ADMIN));
        p.put("queues", queues);
        p.put("rules", lines);
        p.put("targets", targets(t, responseTargets.slaTargets()));
        p.put("doneKey", doneKey);
        return html(status, city, t, t.plain("settings.title"), "settings/overview.jte", p);
    }

    /** The stored targets as the form's values. */
    static FormState slaForm(List<SlaTarget> stored) {
        FormState form = FormState.empty();
        for (Priority p : Priority.values()) {
            SlaTarget s = target(stored, p);
            form.value(slaField(p, "minutes"), String.valueOf(s.responseMinutes()))
                    .value(slaField(p, "warn"), s.warnBeforeMinutes() == null ? "" : String.valueOf(s.warnBeforeMinutes()));
        }
        return form;
    }

    /** Each priority's stored target in words. */
    static List<Target> targets(Text t, List<SlaTarget> stored) {
        List<Target> out = new ArrayList<>();
        for (Priority p : Priority.values()) {
            SlaTarget s = target(stored, p);
            String due = minutes(t, s.responseMinutes());
            Content now = s.warnBeforeMinutes() == null ? t.t("settings.sla.now.auto", due)
                    : t.t("settings.sla.now.warn", due, minutes(t, s.warnBeforeMinutes()));
            int auto = (int) SlaRules.warning(s.responseMinutes(), null).toMinutes();
            out.add(new Target(t.t(PRIORITY.get(p)), slaField(p, "minutes"), slaField(p, "warn"), now,
                    t.t("settings.sla.warn.auto", minutes(t, auto))));
        }
        return out;
    }

    private static SlaTarget target(List<SlaTarget> stored, Priority p) {
        return stored.stream().filter(x -> x.priority() == p).findFirst()
                .orElse(new SlaTarget(p, p.defaultResponseMinutes(), null));
    }

    // ------------------------------------------------------------------ queues

    @GET
    @Path("queues/{id}")
    @StaffOnly.CityAdmin
    public Response queueForm(@PathParam("code") String code, @PathParam("id") String id) {
        Text t = language.text(CrmPages.MESSAGES);
        Optional<QueueView> q = queue(id);
        FormState form = FormState.empty();
        q.ifPresentOrElse(x -> form.value("code", x.code()).value("name", x.name()).value("tier", String.valueOf(x.tier()))
                .value("department", x.department() == null ? "" : x.department()), () -> form.value("tier", "3"));
        return queuePage(t, tenant.city(), q.orElse(null), form, 200);
    }

    @POST
    @Path("queues/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response saveQueue(@PathParam("code") String code, @PathParam("id") String id) {
        Map<String, String> posted = posted();
        Text t = language.text(CrmPages.MESSAGES);
        City city = tenant.city();
        Optional<QueueView> q = queue(id);
        FormState form = FormState.empty();
        for (String f : List.of("name", "code", "tier", "department", "defaultQueue")) {
            form.value(f, posted.getOrDefault(f, "").strip());
        }
        boolean makeDefault = "true".equals(form.value("defaultQueue"));
        int tier = "2".equals(form.value("tier")) ? 2 : "3".equals(form.value("tier")) ? 3 : 0;
        if (!FormToken.valid(request, posted.get(FormToken.FIELD))) {
            form.error("name", t.t("settings.expired"));
        } else if (form.value("name").isEmpty()) {
            form.error("name", t.t("settings.queue.name.missing"));
        } else if (form.value("name").length() > 100) {
            form.error("name", t.t("settings.queue.name.long"));
        }
        String codeTyped = form.value("code");
        if (codeTyped.isEmpty()) {
            form.error("code", t.t("settings.queue.code.missing"));
        } else if (!QUEUE_CODE.matcher(codeTyped).matches()) {
            form.error("code", t.t("settings.queue.code.invalid"));
        } else if (caseQueues.queues().stream().anyMatch(x -> x.code().equals(codeTyped)
                && q.map(own -> !own.id().equals(x.id())).orElse(true))) {
            form.error("code", t.t("settings.queue.code.taken", codeTyped));
        }
        if (tier == 0) {
            form.error("tier", t.t("settings.queue.tier.missing"));
        } else if (tier != 2 && (makeDefault || q.map(QueueView::isDefault).orElse(false))) {
            form.error("tier", t.t("settings.queue.default.tier"));
        }
        if (form.value("department").length() > 100) {
            form.error("department", t.t("settings.queue.department.long"));
        }
        if (!form.hasErrors()) {
            QueueDraft d = new QueueDraft(codeTyped, form.value("name"), tier, form.value("department"),
                    makeDefault ? Boolean.TRUE : null);
            try {
                if (q.isEmpty()) {
                    caseQueues.saveQueue(d);
                } else {
                    caseQueues.updateQueue(q.get().id().toString(), d);
                }
                return Response.seeOther(URI.create("/c/" + city.code() + "/staff/settings?done=queue#queues-heading")).build();
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    throw new NotFoundException();
                }
                collect(e, form, f -> List.of("code", "name", "tier", "department").contains(f) ? f : "", "name");
            }
        }
        return queuePage(t, city, q.orElse(null), form, 400);
    }

    /** The queue of this id, or "new"; any other id is the city's "not found" page. */
    private Optional<QueueView> queue(String id) {
        Optional<QueueView> q = caseQueues.queues().stream().filter(x -> x.id().toString().equals(id)).findFirst();
        if (!"new".equals(id) && q.isEmpty()) {
            throw new NotFoundException();
        }
        return q;
    }

    private Response queuePage(Text t, City city, QueueView q, FormState form, int status) {
        Map<String, Object> p = formPage(t, form, request, "/c/" + city.code() + "/staff/settings");
        p.put("id", q == null ? "new" : q.id().toString());
        p.put("title", q == null ? t.t("settings.queue.add") : t.t("settings.queue.edit", Ui.japanese(q.name())));
        p.put("isDefault", q != null && q.isDefault());
        p.put("tiers", List.of(new Ui.Option("2", t.t("settings.tier.2"), false), new Ui.Option("3", t.t("settings.tier.3"), false)));
        p.put("defaultOption", List.of(new Ui.Option("true", t.t("settings.queue.default"), false)));
        String title = q == null ? t.plain("settings.queue.add") : t.plain("settings.queue.edit", q.name());
        return html(status, city, t, title, "settings/queue.jte", p);
    }

    // ------------------------------------------------------------------ routing rules

    @GET
    @Path("rules/{id}")
    @StaffOnly.CityAdmin
    public Response ruleForm(@PathParam("code") String code, @PathParam("id") String id) {
        Text t = language.text(CrmPages.MESSAGES);
        Optional<RoutingRule> r = rule(id);
        FormState form = FormState.empty();
        r.ifPresent(x -> form.value("category", x.category() == null ? "" : x.category())
                .value("keywords", String.join("\n", x.keywords()))
                .value("departmentWords", String.join("\n", x.departmentWords()))
                .value("priority", x.priority() == null ? "" : x.priority().name())
                .value("queueCode", x.queueCode()));
        return rulePage(t, tenant.city(), r.orElse(null), form, 200);
    }

    @POST
    @Path("rules/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response saveRule(@PathParam("code") String code, @PathParam("id") String id) {
        Map<String, String> posted = posted();
        Text t = language.text(CrmPages.MESSAGES);
        City city = tenant.city();
        Optional<RoutingRule> existing = rule(id);
        FormState form = FormState.empty();
        for (String f : List.of("category", "keywords", "departmentWords", "priority", "queueCode")) {
            form.value(f, posted.getOrDefault(f, "").strip());
        }
        if (!FormToken.valid(request, posted.get(FormToken.FIELD))) {
            form.error("category", t.t("settings.expired"));
        } else if (!form.value("category").isEmpty() && !CATEGORY.containsKey(form.value("category"))) {
            form.error("category", t.t("settings.rule.category.invalid"));
        }
        List<String> keywords = words(form.value("keywords"));
        List<String> departmentWords = words(form.value("departmentWords"));
        checkWords(form, "keywords", keywords, t);
        checkWords(form, "departmentWords", departmentWords, t);
        Priority priority = null;
        if (!form.value("priority").isEmpty()) {
            try {
                priority = Priority.valueOf(form.value("priority"));
            } catch (IllegalArgumentException e) {
                form.error("priority", t.t("settings.rule.priority.invalid"));
            }
        }
        String queueCode = form.value("queueCode");
        if (queueCode.isEmpty()) {
            form.error("queueCode", t.t("settings.rule.queue.missing"));
        } else if (caseQueues.queues().stream().noneMatch(q -> q.code().equals(queueCode))) {
            form.error("queueCode", t.t("settings.rule.queue.unknown"));
        }
        if (!form.hasErrors()) {
            RoutingRule r = new RoutingRule(0, form.value("category"), keywords, departmentWords, priority, queueCode, null);
            try {
                if (existing.isEmpty()) {
                    caseRouting.addRoutingRule(r);
                } else {
                    caseRouting.updateRoutingRule(id, r);
                }
                return Response.seeOther(URI.create("/c/" + city.code() + "/staff/settings?done=rule#rules-heading")).build();
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    throw new NotFoundException();
                }
                collect(e, form, StaffSettingsPages::ruleInput, "queueCode");
            }
        }
        return rulePage(t, city, existing.orElse(null), form, 400);
    }

    private static void checkWords(FormState form, String field, List<String> words, Text t) {
        if (words.size() > MAX_WORDS) {
            form.error(field, t.t("settings.rule.words.many", MAX_WORDS));
        } else if (words.stream().anyMatch(w -> w.length() > MAX_WORD)) {
            form.error(field, t.t("settings.rule.words.long", MAX_WORD));
        }
    }

    @POST
    @Path("rules/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response ruleAction(@PathParam("code") String code, @PathParam("id") String id,
                               @PathParam("action") String action) {
        Map<String, String> posted = posted();
        Text t = language.text(CrmPages.MESSAGES);
        City city = tenant.city();
        Supplier<List<RoutingRule>> work = switch (action) {
            case "up" -> () -> caseRouting.moveRoutingRule(id, true);
            case "down" -> () -> caseRouting.moveRoutingRule(id, false);
            case "delete" -> () -> caseRouting.deleteRoutingRule(id);
            default -> null;
        };
        if (work == null) {
            throw new NotFoundException();
        }
        if (!FormToken.valid(request, posted.get(FormToken.FIELD))) {
            FormState form = slaForm(responseTargets.slaTargets());
            form.error(slaField(Priority.values()[0], "minutes"), t.t("settings.expired"));
            return overviewPage(t, city, form, null, 400);
        }
        try {
            work.get();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            throw e;
        }
        String anchor = action.equals("delete") ? "#rules-heading" : "#rule-" + id;
        return Response.seeOther(URI.create("/c/" + city.code() + "/staff/settings?done=" + action + anchor)).build();
    }

    /** The rule of this id, or "new"; any other id is the city's "not found" page. */
    private Optional<RoutingRule> rule(String id) {
        Optional<RoutingRule> r = caseRouting.routingRules().stream().filter(x -> x.id() != null && x.id().toString().equals(id))
                .findFirst();
        if (!"new".equals(id) && r.isEmpty()) {
            throw new NotFoundException();
        }
        return r;
    }

    private Response rulePage(Text t, City city, RoutingRule r, FormState form, int status) {
        List<Ui.Option> categories = new ArrayList<>();
        categories.add(new Ui.Option("", t.t("settings.rule.category.any"), false));
        for (Category c : Category.values()) {
            categories.add(new Ui.Option(c.code(), t.t(CATEGORY.get(c.code())), false));
        }
        List<Ui.Option> priorities = new ArrayList<>();
        priorities.add(new Ui.Option("", t.t("settings.rule.priority.keep"), false));
        for (Priority p : Priority.values()) {
            if (p != Priority.LOW || p.name().equals(form.value("priority"))) {
                priorities.add(new Ui.Option(p.name(), t.t("settings.rules.raise", t.t(PRIORITY.get(p))), false));
            }
        }
        List<Ui.Option> queues = caseQueues.queues().stream()
                .map(q -> new Ui.Option(q.code(), Ui.japanese(q.name()), false)).toList();
        Map<String, Object> p = formPage(t, form, request, "/c/" + city.code() + "/staff/settings");
        p.put("id", r == null ? null : r.id().toString());
        p.put("categories", categories);
        p.put("priorities", priorities);
        p.put("queues", queues);
        return html(status, city, t, t.plain(r == null ? "settings.rule.add" : "settings.rule.edit"), "settings/rule.jte", p);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The service's field errors on the page's inputs (it checks again what the page checked; a race such as a queue
     * code taken meanwhile lands here). Its messages are Japanese, so they are marked so; a message for no known input
     * goes to {@code fallback}.
     */
    static void collect(ProblemException e, FormState form, Function<String, String> input, String fallback) {
        if (e.status() != 400 && e.status() != 409) {
            throw e;
        }
        boolean any = false;
        if (e.extensions().get("errors") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    String name = input.apply(String.valueOf(m.get("field")));
                    String field = name.isEmpty() || form.error(name) != null ? fallback : name;
                    if (form.error(field) == null) {
                        form.error(field, Ui.japanese(String.valueOf(m.get("message"))));
                        any = true;
                    }
                }
            }
        }
        if (!any && form.error(fallback) == null) {
            String d = e.detail() == null ? e.titleJa() : e.detail();
            int slash = d.indexOf(" / ");
            form.error(fallback, Ui.japanese(slash > 0 ? d.substring(0, slash) : d));
        }
    }

    static String slaField(Priority p, String what) {
        return "sla-" + p.name() + "-" + what;
    }

    /** {@code HIGH.responseMinutes} → {@code sla-HIGH-minutes}. */
    static String slaInput(String field) {
        String[] parts = field.split("\\.", 2);
        if (parts.length == 2) {
            try {
                Priority p = Priority.valueOf(parts[0]);
                return switch (parts[1]) {
                    case "responseMinutes" -> slaField(p, "minutes");
                    case "warnBeforeMinutes" -> slaField(p, "warn");
                    default -> "";
                };
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return "";
    }

    /** {@code keywords[3].<list element>} → {@code keywords}. */
    static String ruleInput(String field) {
        for (String f : List.of("category", "keywords", "departmentWords", "priority", "queueCode")) {
            if (field.equals(f) || field.startsWith(f + "[") || field.startsWith(f + ".")) {
                return f;
            }
        }
        return "";
    }

    /** Words typed one per line (読点 and commas also separate them). */
    static List<String> words(String typed) {
        if (typed == null) {
            return List.of();
        }
        return Arrays.stream(typed.split("[\\r\\n、，,]+")).map(String::strip).filter(w -> !w.isEmpty()).toList();
    }

    /** A whole number typed in half- or full-width digits, or null. */
    static Integer number(String typed) {
        String v = java.text.Normalizer.normalize(typed == null ? "" : typed.strip(), java.text.Normalizer.Form.NFKC);
        if (!v.matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(v);
    }

    /**
     * A rule's conditions in the page's language: 「分類が「税金」、かつキーワード「虐待」「DV」のどれかを含む」; the
     * words are the city's own (Japanese) and are marked so.
     */
    static Content conditions(Text t, RoutingRule r) {
        List<Content> parts = new ArrayList<>();
        if (r.category() != null && !r.category().isBlank()) {
            String key = CATEGORY.get(r.category());
            parts.add(t.t("settings.rules.when.category", key == null ? Ui.text(r.category()) : t.t(key)));
        }
        if (!r.keywords().isEmpty()) {
            parts.add(t.t("settings.rules.when.keywords", quoted(t, r.keywords())));
        }
        if (!r.departmentWords().isEmpty()) {
            parts.add(t.t("settings.rules.when.department", quoted(t, r.departmentWords())));
        }
        if (parts.isEmpty()) {
            return t.t("settings.rules.when.all");
        }
        Content all = parts.get(0);
        for (Content c : parts.subList(1, parts.size())) {
            all = t.t("settings.rules.when.and", all, c);
        }
        return all;
    }

    /** 「虐待」「DV」 (the words are the city's own, marked Japanese; the quotation marks are the language's). */
    private static Content quoted(Text t, List<String> words) {
        StringBuilder b = new StringBuilder();
        words.forEach(w -> b.append(t.plain("settings.rules.word", w)));
        return Ui.japanese(b.toString());
    }

    /** Minutes as people say them: 「4320分（3日）」「90分（1時間30分）」「45分」, "4320 minutes (3 days)". */
    static String minutes(Text t, int minutes) {
        String count = t.plain(minutes == 1 ? "settings.minutes.one" : "settings.minutes.other", minutes);
        return minutes < 60 ? count : t.plain("settings.minutes.long", count, duration(t, minutes));
    }

    /** 「3日」「1日と6時間」「1時間30分」, "1 day 6 hours". */
    static String duration(Text t, int minutes) {
        int days = minutes / (24 * 60);
        int hours = minutes % (24 * 60) / 60;
        int rest = minutes % 60;
        String d = days == 0 ? null : t.plain(days == 1 ? "settings.days.one" : "settings.days.other", days);
        String h = hours == 0 ? null : t.plain(hours == 1 ? "settings.hours.one" : "settings.hours.other", hours);
        String m = rest == 0 ? null : t.plain(rest == 1 ? "settings.minutes.one" : "settings.minutes.other", rest);
        String hm = h != null && m != null ? t.plain("settings.duration.hm", h, m) : h != null ? h : m;
        if (d == null) {
            return hm == null ? t.plain("settings.minutes.other", 0) : hm;
        }
        return hm == null ? d : t.plain("settings.duration.dhm", d, hm);
    }

    /** A form page's template parameters: the messages, the frame's words, the form, the request (token) and the base URL. */
    static Map<String, Object> formPage(Text t, FormState form, HttpServletRequest request, String base) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("request", request);
        p.put("base", base);
        return p;
    }

    /** The posted form fields, read through the servlet (the sign-in mechanism may have read the body already). */
    private Map<String, String> posted() {
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
        return form;
    }

    /** A settings page in the staff frame, the frame in the same language as the body ({@code t}). */
    private static Response html(int status, City city, Text t, String title, String template, Map<String, Object> params) {
        return StaffPage.html(status, StaffPage.page(city, t, title, "settings", CrmPages.TEMPLATES.content(template, params)));
    }
}
