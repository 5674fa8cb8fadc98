package jp.kyodo.crm.pages;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.kyodo.agents.concierge.KnowledgeSuggestions;
import jp.kyodo.agents.concierge.ReplyDrafts;
import jp.kyodo.crm.cases.AttachmentRejected;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseIntake;
import jp.kyodo.crm.cases.CaseLookup;
import jp.kyodo.crm.cases.CaseMessage;
import jp.kyodo.crm.cases.CaseQueues;
import jp.kyodo.crm.cases.CaseReplyDrafts;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.CaseSummary;
import jp.kyodo.crm.cases.CaseWork;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.Escalation;
import jp.kyodo.crm.cases.FaqProposal;
import jp.kyodo.crm.cases.FaqProposalDraft;
import jp.kyodo.crm.cases.NewCase;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.crm.cases.Resolution;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The contact centre's staff pages (operators, staff, city administrators of the page's city): queues with counts,
 * a queue's cases (filtered, sorted and paged on the server through query parameters), the case view laid out as a
 * desk (the conversation and the reply in the middle, the case facts and the citizen 360 beside it, every action one
 * click away from the bar at the top), and logging a phone call or counter visit. Templates {@code staff/*.jte}, words
 * from the crm bundle ({@code case.*}); every form is {@link Ui#form} (the session's token), errors are tied to their
 * fields, the input is kept, and a successful post answers 303 (Post/Redirect/Get). No JavaScript.
 */
@Path("c/{code}/staff/cases")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffCasePages {

    /** Cases on one page of a list. */
    static final int PAGE_SIZE = 20;
    /** The most cases a list reads (newest first) before it filters, sorts and pages them. */
    static final int LIST_LIMIT = 500;
    /** The sort orders of a list ({@code ?sort=}); the first is the default. */
    static final List<String> SORTS = List.of("newest", "oldest", "due", "priority");
    /** The case view's action forms and their fields, in the order of the form (error summary, input kept). */
    static final Map<String, List<String>> FIELDS = Map.of(
            "take", List.of(), "draft", List.of(), "close", List.of(),
            "reply", List.of("text"),
            "note", List.of("memo"),
            "escalate", List.of("queue", "note"),
            "resolve", List.of("answer", "faqKind", "faqQuestion", "faqEntryId"));
    /** The fields of the form that logs a call or visit. */
    static final List<String> NEW_FIELDS = List.of("channel", "category", "priority", "subject", "notes", "citizenUsername",
            "contactName", "contactEmail", "contactPhone");
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("[0-9+\\-() ]{0,20}");

    /** The form that failed: its action, what was typed with the messages on its fields, and a message not tied to one. */
    record Failed(String action, FormState form, Content refusal) {
    }

    @Inject
    CitizenRecords citizenRecords;
    @Inject
    TenantContext tenant;
    @Inject
    AttachmentRules attachmentRules;
    @Inject
    SecurityContext security;
    @Inject
    CaseQueues caseQueues;
    @Inject
    CaseLookup caseLookup;
    @Inject
    CaseWork caseWork;
    @Inject
    CaseIntake intake;
    @Inject
    KnowledgeSuggestions knowledge;
    @Inject
    CaseReplyDrafts drafts;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    // ------------------------------------------------------------------ queues and lists

    @GET
    public Response queues(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        Text t = StaffPage.text();
        List<QueueView> queues = caseQueues.queues();
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("base", "/c/" + city.code() + "/");
        p.put("queues", queues);
        p.put("near", queues.stream().mapToLong(QueueView::near).sum());
        p.put("breached", queues.stream().mapToLong(QueueView::breached).sum());
        return ok(city, t, t.plain("case.queues.title"), "cases", CrmPages.TEMPLATES.content("staff/queues.jte", p));
    }

    @GET
    @Path("find")
    public Response find(@PathParam("code") String code, @QueryParam("number") String number) throws Exception {
        String n = number == null ? "" : number.strip();
        if (n.isEmpty()) {
            return Response.seeOther(URI.create("/c/" + code + "/staff/cases")).build();
        }
        return Response.seeOther(URI.create("/c/" + code + "/staff/cases/" + URLEncoder.encode(n, StandardCharsets.UTF_8)))
                .build();
    }

    @GET
    @Path("queues/{queue}")
    public Response queue(@PathParam("code") String code, @PathParam("queue") String queue,
                          @QueryParam("status") String status, @QueryParam("priority") String priority,
                          @QueryParam("q") String q, @QueryParam("sort") String sort, @QueryParam("page") String page)
            throws Exception {
        return list(queue, new ListQuery(status, priority, q, sort, page), false);
    }

    @GET
    @Path("mine")
    public Response mine(@PathParam("code") String code, @QueryParam("status") String status,
                         @QueryParam("priority") String priority, @QueryParam("q") String q,
                         @QueryParam("sort") String sort, @QueryParam("page") String page) throws Exception {
        return list(null, new ListQuery(status, priority, q, sort, page), true);
    }

    /** A list's query parameters, as given (anything unknown falls back to the default). */
    record ListQuery(String status, String priority, String q, String sort, String page) {
    }

    private Response list(String queue, ListQuery query, boolean mine) {
        City city = tenant.city();
        Text t = StaffPage.text();
        CaseStatus s = parse(CaseStatus.class, query.status());
        Priority pr = parse(Priority.class, query.priority());
        String words = query.q() == null ? "" : query.q().strip();
        String sort = query.sort() != null && SORTS.contains(query.sort()) ? query.sort() : SORTS.get(0);
        List<CaseSummary> all;
        try {
            all = caseLookup.list(queue, s, mine, LIST_LIMIT);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return StaffPage.message(404, city, t, "case.queue.notFound.title", t.t("case.queue.notFound"));
            }
            throw e;
        }
        String needle = words.toLowerCase(Locale.ROOT);
        List<CaseSummary> found = new ArrayList<>(all.stream()
                .filter(x -> pr == null || x.priority() == pr)
                .filter(x -> needle.isEmpty() || x.receptionNumber().contains(needle)
                        || x.subject().toLowerCase(Locale.ROOT).contains(needle))
                .toList());
        found.sort(switch (sort) {
            case "oldest" -> Comparator.comparing(CaseSummary::createdAt);
            case "due" -> Comparator.comparing(CaseSummary::slaDueAt, Comparator.nullsLast(Comparator.naturalOrder()));
            case "priority" -> Comparator.comparing((CaseSummary x) -> x.priority().ordinal()).reversed()
                    .thenComparing(CaseSummary::createdAt, Comparator.reverseOrder());
            default -> Comparator.comparing(CaseSummary::createdAt, Comparator.reverseOrder());
        });
        int pages = Math.max(1, (found.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(Math.max(1, number(query.page())), pages);
        String title = mine ? t.plain("case.list.mine") : caseQueues.queues().stream().filter(q -> q.code().equals(queue))
                .map(QueueView::name).findFirst().orElse(queue);
        String path = "/c/" + city.code() + "/staff/cases/" + (mine ? "mine" : "queues/" + queue);
        String self = path + "?status=" + (s == null ? "" : s.name()) + "&priority=" + (pr == null ? "" : pr.name())
                + "&q=" + URLEncoder.encode(words, StandardCharsets.UTF_8) + "&sort=" + sort;

        Map<String, Object> p = listFilters(t);
        p.put("base", "/c/" + city.code() + "/");
        p.put("title", title);
        p.put("filters", FormState.empty().value("status", s == null ? "" : s.name())
                .value("priority", pr == null ? "" : pr.name()).value("q", words).value("sort", sort));
        p.put("cases", found.subList((page - 1) * PAGE_SIZE, Math.min(found.size(), page * PAGE_SIZE)));
        p.put("total", found.size());
        p.put("page", page);
        p.put("pages", pages);
        p.put("pagination", Ui.pagination(Ui.words(t.tag()), self, page, pages));
        return ok(city, t, title, mine ? "mine" : "cases", CrmPages.TEMPLATES.content("staff/list.jte", p));
    }

    /** The queue page's parameters that depend only on the language: {@code t} and the filter and sort options. */
    static Map<String, Object> listFilters(Text t) {
        List<Ui.Option> statuses = new ArrayList<>(List.of(new Ui.Option("", t.t("case.list.status.open"), false)));
        for (CaseStatus x : CaseStatus.values()) {
            statuses.add(new Ui.Option(x.name(), t.t(CaseWords.status(x)), false));
        }
        List<Ui.Option> priorities = new ArrayList<>(List.of(new Ui.Option("", t.t("case.list.priority.any"), false)));
        for (Priority x : Priority.values()) {
            priorities.add(new Ui.Option(x.name(), t.t(CaseWords.priority(x)), false));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("statuses", statuses);
        p.put("priorities", priorities);
        p.put("sorts", List.of(new Ui.Option("newest", t.t("case.list.sort.newest"), false),
                new Ui.Option("oldest", t.t("case.list.sort.oldest"), false),
                new Ui.Option("due", t.t("case.list.sort.due"), false),
                new Ui.Option("priority", t.t("case.list.sort.priority"), false)));
        return p;
    }

    // ------------------------------------------------------------------ the case view

    @GET
    @Path("{ref}")
    public Response view(@PathParam("code") String code, @PathParam("ref") String ref, @QueryParam("draft") String draft,
                         @QueryParam("done") String done) throws Exception {
        return caseView(tenant.city(), StaffPage.text(), ref, draft, done, null, 200, null);
    }

    /** Downloads a file of the case; like every read of a citizen's data it goes to the audit log. */
    @GET
    @Path("{ref}/attachments/{id}")
    @Produces(MediaType.WILDCARD)
    public Response attachment(@PathParam("code") String code, @PathParam("ref") String ref, @PathParam("id") String id)
            throws Exception {
        City city = tenant.city();
        try {
            return caseLookup.attachment(ref, id).response();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city, StaffPage.text());
            }
            throw e;
        }
    }

    @POST
    @Path("{ref}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("code") String code, @PathParam("ref") String ref, @PathParam("action") String action)
            throws Exception {
        MultivaluedMap<String, String> form = posted();
        return act(tenant.city(), code, ref, action, form, List.of());
    }

    /** The reply form carries files (multipart); any action's fields are read the same way. */
    @POST
    @Path("{ref}/{action}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response actWithFiles(@PathParam("code") String code, @PathParam("ref") String ref,
                                 @PathParam("action") String action,
                                 List<EntityPart> parts) throws Exception {
        City city = tenant.city();
        AttachmentRules.Form read = attachmentRules.readForm(parts, request);
        MultivaluedMap<String, String> form = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        read.fields().forEach(form::putSingle);
        return act(city, code, ref, action, form, read.files());
    }

    private Response act(City city, String code, String ref, String action, MultivaluedMap<String, String> posted,
                         List<Upload> files) {
        Text t = StaffPage.text();
        List<String> fields = FIELDS.get(action);
        if (fields == null) {
            return StaffPage.message(404, city, t, "case.action.notFound.title", t.t("case.action.notFound"));
        }
        FormState form = FormState.empty();
        fields.forEach(f -> form.value(f, nz(posted.getFirst(f))));
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            return caseView(city, t, ref, null, null, new Failed(action, form, t.t("case.error.expired")), 400, null);
        }
        if (action.equals("draft")) {
            try {
                return caseView(city, t, ref, null, null, null, 200, drafts.draft(ref));
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    return notFound(city, t);
                }
                throw e;
            }
        }
        checkActionForm(t, action, form);
        if (form.hasErrors()) {
            filesAgain(t, form, files);
            return caseView(city, t, ref, null, null, new Failed(action, form, null), 400, null);
        }
        Supplier<CaseDetail> work = switch (action) {
            case "take" -> () -> caseWork.take(ref);
            case "reply" -> () -> caseWork.reply(ref, new CaseMessage(form.value("text")), files);
            case "note" -> () -> caseWork.note(ref, new CaseMessage(form.value("memo")));
            case "escalate" -> () -> caseWork.escalate(ref, new Escalation(form.value("queue"), form.value("note")));
            case "resolve" -> () -> caseWork.resolve(ref, new Resolution(form.value("answer"), faq(form)));
            default -> () -> caseWork.close(ref);
        };
        try {
            CaseDetail d = work.get();
            return Response.seeOther(URI.create("/c/" + code + "/staff/cases/" + d.receptionNumber() + "?done=" + action))
                    .build();
        } catch (AttachmentRejected e) {
            form.error("file", t.t("case.error.file", Languages.JAPANESE.equals(t.tag())
                    || Languages.EASY_JAPANESE.equals(t.tag()) ? e.messageJa() : e.messageEn()));
            return caseView(city, t, ref, null, null, new Failed(action, form, null), e.status() == 413 ? 413 : 400, null);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city, t);
            }
            if (e.status() == 400 || e.status() == 409) {
                Content refusal = refusal(t, e, ref, form, fields);
                filesAgain(t, form, files);
                return caseView(city, t, ref, null, null, new Failed(action, form, refusal), e.status(), null);
            }
            throw e;
        }
    }

    /** The checks the page makes itself, in the page's language and tied to the fields (the service checks again). */
    private static void checkActionForm(Text t, String action, FormState form) {
        switch (action) {
            case "reply" -> required(form, "text", CaseMessage.MAX, t.t("case.error.text"));
            case "note" -> required(form, "memo", CaseMessage.MAX, t.t("case.error.memo"));
            case "escalate" -> {
                required(form, "queue", 40, t.t("case.error.queue"));
                required(form, "note", 4000, t.t("case.error.note"));
            }
            case "resolve" -> {
                required(form, "answer", 4000, t.t("case.error.answer"));
                String kind = form.value("faqKind");
                if (!kind.isEmpty() && !kind.equals("NONE")) {
                    required(form, "faqQuestion", 500, t.t("case.error.faqQuestion"));
                    if (kind.equals("PHRASING")) {
                        required(form, "faqEntryId", 200, t.t("case.error.faqEntryId"));
                    }
                }
            }
            default -> {
            }
        }
    }

    /** A text that must be there and not be longer than {@code max} characters. */
    private static void required(FormState form, String field, int max, Content message) {
        String v = form.value(field).strip();
        if (v.isEmpty() || v.length() > max) {
            form.error(field, message);
        }
    }

    /** Files are not kept when a form comes back: say so at the file field. */
    private static void filesAgain(Text t, FormState form, List<Upload> files) {
        if (!files.isEmpty() && form.error("file") == null) {
            form.error("file", t.t("case.error.filesAgain"));
        }
    }

    /**
     * The service's refusal in the page's words: a field's message on the field (validation), a known refusal
     * (someone else took the case, it is finished …) as a message over the page.
     */
    private Content refusal(Text t, ProblemException e, String ref, FormState form, List<String> fields) {
        if ("validation".equals(e.type()) && e.extensions().get("errors") instanceof List<?> errors) {
            for (Object o : errors) {
                if (o instanceof Map<?, ?> m) {
                    String field = formField(String.valueOf(m.get("field")), fields);
                    if (field != null && form.error(field) == null) {
                        form.error(field, fieldMessage(t, field));
                    }
                }
            }
            return form.hasErrors() ? null : t.t("case.refused.other");
        }
        return switch (e.type() == null ? "" : e.type()) {
            case "case-taken" -> t.t("case.refused.taken", assignee(ref));
            case "case-finished" -> t.t("case.refused.finished");
            case "case-closed" -> t.t("case.refused.closed");
            case "case-not-resolved" -> t.t("case.refused.notResolved");
            case "case-changed" -> t.t("case.refused.changed");
            case "no-citizen-account" -> t.t("case.refused.noAccount");
            case "same-queue" -> t.t("case.refused.sameQueue");
            case "queue" -> {
                form.error("queue", t.t("case.error.queue"));
                yield null;
            }
            case "faq" -> {
                form.error("faqEntryId", t.t("case.error.faqEntryId"));
                yield null;
            }
            default -> t.t("case.refused.other");
        };
    }

    private String assignee(String ref) {
        try {
            return Optional.ofNullable(caseLookup.get(ref).assignee()).orElse("");
        } catch (ProblemException e) {
            return "";
        }
    }

    /** The form field a service error names ({@code faq.question} → {@code faqQuestion}), or null. */
    private static String formField(String serviceField, List<String> fields) {
        String f = switch (serviceField) {
            case "queueCode" -> "queue";
            case "faq.question" -> "faqQuestion";
            case "faq.entryId" -> "faqEntryId";
            case "faq.kind" -> "faqKind";
            case "faq.answer" -> "answer";
            case "text" -> fields.contains("memo") ? "memo" : "text";
            default -> serviceField;
        };
        return fields.contains(f) ? f : fields.isEmpty() ? null : fields.get(0);
    }

    private static Content fieldMessage(Text t, String field) {
        return switch (field) {
            case "text" -> t.t("case.error.text");
            case "memo" -> t.t("case.error.memo");
            case "queue" -> t.t("case.error.queue");
            case "note" -> t.t("case.error.note");
            case "answer" -> t.t("case.error.answer");
            case "faqQuestion" -> t.t("case.error.faqQuestion");
            case "faqEntryId" -> t.t("case.error.faqEntryId");
            case "channel" -> t.t("case.error.channel");
            case "category" -> t.t("case.error.category");
            case "subject" -> t.t("case.error.subject");
            case "notes" -> t.t("case.error.notes");
            case "citizenUsername" -> t.t("case.error.citizenUsername");
            case "contactName" -> t.t("case.error.contactName");
            case "contactEmail" -> t.t("case.error.contactEmail");
            case "contactPhone" -> t.t("case.error.contactPhone");
            default -> t.t("case.refused.other");
        };
    }

    private static FaqProposalDraft faq(FormState form) {
        FaqProposal.Kind k = parse(FaqProposal.Kind.class, form.value("faqKind"));
        if (k == null) {
            return null;
        }
        return new FaqProposalDraft(k, blank(form.value("faqEntryId")), form.value("faqQuestion"),
                k == FaqProposal.Kind.NEW_ENTRY ? form.value("answer") : null);
    }

    private Response caseView(City city, Text t, String ref, String draftEntry, String done, Failed failed, int status,
                              ReplyDrafts.ReplyDraft aiDraft) {
        CaseDetail d;
        try {
            d = caseLookup.get(ref);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city, t);
            }
            throw e;
        }
        List<KnowledgeSuggestions.Suggestion> suggestions = knowledge.suggest(d.citizenText(), 3);
        String draftText = aiDraft != null ? aiDraft.text() : suggestions.stream().filter(s -> s.entryId().equals(draftEntry))
                .map(KnowledgeSuggestions.Suggestion::answer).findFirst().orElse("");
        String cityBase = "/c/" + city.code() + "/";
        Map<String, FormState> forms = new HashMap<>();
        forms.put("reply", FormState.empty().value("text", draftText));
        forms.put("note", FormState.empty());
        forms.put("escalate", FormState.empty());
        forms.put("resolve", FormState.empty().value("answer", draftText).value("faqKind", "NONE")
                .value("faqQuestion", d.subject()));
        if (failed != null && forms.containsKey(failed.action())) {
            forms.put(failed.action(), failed.form());
        }
        List<Ui.Option> escalateQueues = new ArrayList<>();
        for (QueueView q : caseQueues.queues()) {
            if (q.tier() == 3) {
                escalateQueues.add(new Ui.Option(q.code(), Ui.text(q.name()), false));
            }
        }
        List<Ui.Option> faqEntries = new ArrayList<>(List.of(new Ui.Option("", t.t("case.resolve.faqEntry.none"), false)));
        for (KnowledgeSuggestions.Suggestion s : suggestions) {
            if ("FAQ".equals(s.kind())) {
                faqEntries.add(new Ui.Option(s.entryId(), Ui.text(s.title()), false));
            }
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("request", request);
        p.put("cityBase", cityBase);
        p.put("base", cityBase + "staff/cases/" + d.receptionNumber());
        p.put("d", d);
        p.put("doneKey", done != null && failed == null ? doneKey(done) : null);
        p.put("refusal", failed == null ? null : failed.refusal());
        p.put("failed", failed == null ? FormState.empty() : failed.form());
        p.put("reply", forms.get("reply"));
        p.put("note", forms.get("note"));
        p.put("escalate", forms.get("escalate"));
        p.put("resolve", forms.get("resolve"));
        p.put("canTake", d.assignee() == null && !d.status().isFinished());
        p.put("canReply", d.citizenUsername() != null || d.contactEmail() != null);
        p.put("replyLabel", d.citizenUsername() != null ? t.t("case.reply.label.account")
                : t.t("case.reply.label.email", d.contactEmail()));
        p.put("fileHint", t.t("case.reply.files.hint", attachmentRules.maxFiles(), megabytes(attachmentRules.maxFileBytes())));
        p.put("fileAccept", AttachmentRules.accept());
        p.put("suggestions", suggestions);
        p.put("draftKey", draftKey(aiDraft));
        p.put("draftModel", aiDraft == null ? "" : aiDraft.model());
        p.put("citations", aiDraft == null ? List.of() : aiDraft.citations());
        p.put("escalateQueues", escalateQueues);
        p.put("faqKinds", List.of(new Ui.Option("NONE", t.t("case.resolve.faq.none"), false),
                new Ui.Option("NEW_ENTRY", t.t("case.resolve.faq.new"), false),
                new Ui.Option("PHRASING", t.t("case.resolve.faq.phrasing"), false)));
        p.put("faqEntries", faqEntries);
        p.put("citizen", d.citizenUsername() == null ? null : citizen360(city, t, d));
        return StaffPage.html(status, StaffPage.page(city, t, t.plain("case.title", d.receptionNumber()), null,
                CrmPages.TEMPLATES.content("staff/case.jte", p)));
    }

    /** The words over an AI draft: made by the model, the nearest FAQ instead (and why), or nothing found. */
    private static String draftKey(ReplyDrafts.ReplyDraft r) {
        if (r == null) {
            return null;
        }
        if ("llm".equals(r.source())) {
            return "case.draft.llm";
        }
        if ("faq".equals(r.source())) {
            return switch (r.fallback() == null ? "" : r.fallback()) {
                case "no-model" -> "case.draft.noModel";
                case "timeout" -> "case.draft.timeout";
                default -> "case.draft.ungrounded";
            };
        }
        return "case.draft.none";
    }

    /**
     * Citizen 360 (市民360): the citizen's profile, household and consents ({@code jp.kyodo.crm.citizens}; reading them
     * writes the audit entry {@code personal-data.read}), every case of this citizen and the concierge conversations
     * they were handed over from. The citizen is the case's subject id, not its user name (a later account may hold it).
     */
    Content citizen360(City city, Text t, CaseDetail d) {
        String subject = caseLookup.citizenSubjectOf(d.id()).orElse(null);
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("cityBase", "/c/" + city.code() + "/");
        p.put("username", d.citizenUsername());
        p.put("accountClosed", subject == null);
        p.put("thisCase", d.id());
        CitizenRecord r = subject == null ? null : citizenRecords.findBySubject(subject).orElse(null);
        p.put("record", r);
        p.put("address", r == null ? "" : address(r.profile()));
        p.put("cases", subject == null ? List.of() : caseLookup.casesOfCitizenSubject(subject));
        p.put("transcripts", subject == null ? Map.of() : caseLookup.conciergeTranscriptsOfSubject(subject));
        return CrmPages.TEMPLATES.content("staff/citizen.jte", p);
    }

    private static String address(Profile p) {
        return String.join(" ", nz(p.postalCode()).isEmpty() ? "" : "〒" + p.postalCode(), nz(p.prefecture()),
                nz(p.municipality()), nz(p.street())).strip();
    }

    // ------------------------------------------------------------------ logging a phone call or counter visit

    @GET
    @Path("new")
    public Response newCase(@PathParam("code") String code) throws Exception {
        return newCasePage(tenant.city(), StaffPage.text(), FormState.empty().value("channel", Channel.PHONE.name())
                .value("category", Category.OTHER.code()).value("priority", Priority.NORMAL.name()), null, 200);
    }

    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logCase(@PathParam("code") String code) throws Exception {
        MultivaluedMap<String, String> posted = posted();
        City city = tenant.city();
        Text t = StaffPage.text();
        FormState form = FormState.empty();
        NEW_FIELDS.forEach(f -> form.value(f, nz(posted.getFirst(f))));
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            return newCasePage(city, t, form, t.t("case.error.expired"), 400);
        }
        checkNewCase(t, form);
        if (form.hasErrors()) {
            return newCasePage(city, t, form, null, 400);
        }
        try {
            CaseDetail d = intake.logContact(new NewCase(parse(Channel.class, form.value("channel")), form.value("category"),
                    form.value("subject"), form.value("notes"), parse(Priority.class, form.value("priority")),
                    blank(form.value("citizenUsername")), blank(form.value("contactName")), blank(form.value("contactEmail")),
                    blank(form.value("contactPhone"))));
            return Response.seeOther(URI.create("/c/" + code + "/staff/cases/" + d.receptionNumber() + "?done=new")).build();
        } catch (ProblemException e) {
            if (e.status() == 400) {
                Content refusal = null;
                switch (e.type() == null ? "" : e.type()) {
                    case "unknown-citizen" -> form.error("citizenUsername", t.t("case.error.unknownCitizen"));
                    case "contact" -> form.error("contact", t.t("case.error.contact"));
                    case "channel" -> form.error("channel", t.t("case.error.channel"));
                    default -> refusal = refusal(t, e, null, form, NEW_FIELDS);
                }
                return newCasePage(city, t, form, refusal, 400);
            }
            throw e;
        }
    }

    /** The page's own checks of a logged call, in form order (the service checks again). */
    private static void checkNewCase(Text t, FormState form) {
        Channel channel = parse(Channel.class, form.value("channel"));
        if (channel == null || !List.of(Channel.PHONE, Channel.COUNTER, Channel.EMAIL).contains(channel)) {
            form.error("channel", t.t("case.error.channel"));
        }
        if (java.util.Arrays.stream(Category.values()).noneMatch(c -> c.code().equals(form.value("category")))) {
            form.error("category", t.t("case.error.category"));
        }
        required(form, "subject", 100, t.t("case.error.subject"));
        required(form, "notes", 8000, t.t("case.error.notes"));
        if (NEW_FIELDS.subList(5, 9).stream().allMatch(f -> form.value(f).isBlank())) {
            form.error("contact", t.t("case.error.contact"));
        }
        if (form.value("citizenUsername").strip().length() > 100) {
            form.error("citizenUsername", t.t("case.error.citizenUsername"));
        }
        if (form.value("contactName").strip().length() > 100) {
            form.error("contactName", t.t("case.error.contactName"));
        }
        String email = form.value("contactEmail").strip();
        if (!email.isEmpty() && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
            form.error("contactEmail", t.t("case.error.contactEmail"));
        }
        if (!PHONE.matcher(form.value("contactPhone").strip()).matches()) {
            form.error("contactPhone", t.t("case.error.contactPhone"));
        }
    }

    private Response newCasePage(City city, Text t, FormState form, Content refusal, int status) {
        List<Ui.Option> channels = new ArrayList<>();
        for (Channel ch : List.of(Channel.PHONE, Channel.COUNTER, Channel.EMAIL)) {
            channels.add(new Ui.Option(ch.name(), t.t(CaseWords.channel(ch)), false));
        }
        List<Ui.Option> categories = new ArrayList<>();
        for (Category c : Category.values()) {
            categories.add(new Ui.Option(c.code(), t.t(CaseWords.category(c)), false));
        }
        List<Ui.Option> priorities = new ArrayList<>();
        for (Priority p : Priority.values()) {
            priorities.add(new Ui.Option(p.name(), t.t(CaseWords.priority(p)), false));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("request", request);
        p.put("action", "/c/" + city.code() + "/staff/cases/new");
        p.put("form", form);
        p.put("refusal", refusal);
        p.put("channels", channels);
        p.put("categories", categories);
        p.put("priorities", priorities);
        return StaffPage.html(status, StaffPage.page(city, t, t.plain("case.new.title"), "new",
                CrmPages.TEMPLATES.content("staff/newCase.jte", p)));
    }

    // ------------------------------------------------------------------ helpers

    /** The posted form fields, read through the servlet (the sign-in mechanism may have read the body already). */
    private MultivaluedMap<String, String> posted() {
        MultivaluedMap<String, String> form = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, List.of(v)));
        return form;
    }

    private static Response ok(City city, Text t, String title, String current, Content body) {
        return StaffPage.html(200, StaffPage.page(city, t, title, current, body));
    }

    private static Response notFound(City city, Text t) {
        return StaffPage.message(404, city, t, "case.notFound.title", t.t("case.notFound"));
    }

    /**
     * A refusal of the service as one Japanese sentence (its field messages, else its detail without the English
     * half), for the contact-centre pages still built in Java.
     */
    static String message(ProblemException e) {
        if (e.extensions().get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (Object o : errors) {
                if (o instanceof Map<?, ?> m) {
                    b.append(b.length() == 0 ? "" : " ").append(m.get("message")).append("。");
                }
            }
            return b.toString().replace("。。", "。");
        }
        String d = e.detail() == null ? e.titleJa() : e.detail();
        int slash = d.indexOf(" / ");
        return slash > 0 ? d.substring(0, slash) + "。" : d;
    }

    private static String doneKey(String action) {
        return switch (action) {
            case "take" -> "case.done.take";
            case "reply" -> "case.done.reply";
            case "note" -> "case.done.note";
            case "escalate" -> "case.done.escalate";
            case "resolve" -> "case.done.resolve";
            case "close" -> "case.done.close";
            case "new" -> "case.done.new";
            default -> "case.done.other";
        };
    }

    /** {@code 5 MB}, {@code 7.5 MB} (1 MB = 1,048,576 bytes). */
    static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return (mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format(Locale.ROOT, "%.1f", mb)) + " MB";
    }

    private static int number(String s) {
        try {
            return s == null ? 1 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s) {
        try {
            return s == null || s.isBlank() ? null : Enum.valueOf(type, s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
