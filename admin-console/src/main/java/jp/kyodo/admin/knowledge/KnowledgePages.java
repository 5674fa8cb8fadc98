package jp.kyodo.admin.knowledge;

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
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.admin.pages.AdminPages;
import jp.kyodo.admin.pages.CityAdminOnly;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.KnowledgeCsv;
import jp.kyodo.agents.knowledgebase.Phrasing;
import jp.kyodo.agents.knowledgebase.SynonymGroup;
import jp.kyodo.agents.knowledgebase.KbEntry;
import jp.kyodo.agents.knowledgebase.KbFaqInput;
import jp.kyodo.agents.knowledgebase.KbImportResult;
import jp.kyodo.agents.knowledgebase.KbVersion;
import jp.kyodo.agents.knowledgebase.KnowledgeBaseService;
import jp.kyodo.agents.llm.LlmSettingsInput;
import jp.kyodo.agents.llm.LlmSettingsService;
import jp.kyodo.agents.llm.LlmSettingsView;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's knowledge-base administration ({@code /c/<code>/admin/knowledge…}, staff and city administrators of that
 * city): entries with their status and search, the edit form (draft → publish) with the version history, national
 * templates with their updates, CSV/JSON import (preview, then commit) and export, synonyms, the LLM connection
 * (city administrators) and the concierge's usage. Templates {@code knowledge/*.jte}; no JavaScript needed.
 */
@Path("c/{code}/admin/knowledge")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@CityAdminOnly(roles = {"staff", "city-admin"})
public class KnowledgePages {

    /** The entry form's fields, in the order of the form (the error summary follows it). */
    static final List<String> FIELDS = List.of("id", "question", "alternatives", "answer", "category", "department",
            "sourceUrl", "validFrom", "validTo");
    /** The service's checks name the field first ({@code answer: 回答が空です。}); each gets the page's own message. */
    private static final Pattern FIELD_ERROR = Pattern.compile("(?:^| )(id|question|alternatives|answer|sourceUrl|validFrom|language): ");
    private static final Map<String, String> FIELD_MESSAGES = Map.of("id", "knowledge.edit.id.invalid",
            "question", "knowledge.edit.question.invalid", "alternatives", "knowledge.edit.alternatives.invalid",
            "answer", "knowledge.edit.answer.invalid", "sourceUrl", "knowledge.edit.sourceUrl.invalid",
            "validFrom", "knowledge.edit.validFrom.order", "language", "knowledge.edit.alternatives.invalid");

    @Inject
    TenantContext tenant;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;
    @Inject
    KnowledgeBaseService kb;
    @Inject
    LlmSettingsService llm;
    @Inject
    ConciergeService concierge;

    // ------------------------------------------------------------------ list

    @GET
    public Response list(@PathParam("code") String code, @QueryParam("q") String q, @QueryParam("status") String status) {
        Text t = language.text(AdminPages.MESSAGES);
        String st = status == null || !List.of("DRAFT", "PUBLISHED", "HIDDEN").contains(status) ? "" : status;
        List<KbEntry> entries = kb.list(q, st.isEmpty() ? null : st, null);
        Map<String, Object> p = params(t);
        p.put("q", q == null ? "" : q);
        p.put("status", st);
        p.put("entries", entries);
        return page(200, t, "knowledge.list.title", "knowledge/list.jte", p);
    }

    // ------------------------------------------------------------------ edit

    @GET
    @Path("entries/{id}")
    public Response edit(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("saved") String saved) {
        Text t = language.text(AdminPages.MESSAGES);
        if ("new".equals(id)) {
            return editPage(200, t, null, FormState.empty(), false);
        }
        KbEntry e = entry(id);
        return editPage(200, t, e, formOf(e), saved != null);
    }

    @POST
    @Path("entries/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("code") String code, @PathParam("id") String pathId) {
        Text t = language.text(AdminPages.MESSAGES);
        var posted = AdminPages.posted(request);
        String action = posted.getFirst("action");
        boolean creating = "new".equals(pathId);
        FormState form = FormState.empty();
        for (String f : FIELDS) {
            String v = posted.getFirst(f);
            form.value(f, v == null ? "" : f.equals("id") ? v.strip() : v);
        }
        String id = creating ? form.value("id") : pathId;
        KbEntry existing = null;
        if (!creating) {
            existing = entry(pathId);
            form.value("id", pathId);
            if ("publish".equals(action) && "DOCUMENT".equals(existing.kind())) {
                kb.publish(pathId);
                return saved(pathId);
            }
            if ("hide".equals(action)) {
                kb.hide(pathId);
                return Response.seeOther(URI.create(base() + "/entries/" + KnowledgeWords.path(pathId))).build();
            }
        } else if (!id.isEmpty() && exists(id)) {
            form.error("id", t.t("knowledge.edit.id.taken", id));
        }
        LocalDate from = date(t, form, "validFrom");
        LocalDate to = date(t, form, "validTo");
        if (!form.hasErrors()) {
            try {
                kb.saveFaq(id, new KbFaqInput(id, form.value("question"), phrasings(form.value("alternatives")),
                        form.value("answer"), form.value("category"), form.value("department"), form.value("sourceUrl"),
                        from, to, "ja", "publish".equals(action)));
                return saved(id);
            } catch (ProblemException e) {
                if (e.status() != 400 && e.status() != 409) {
                    throw e;
                }
                fieldErrors(t, form, e, creating ? "id" : "question");
            }
        }
        return editPage(400, t, existing, form, false);
    }

    private Response saved(String id) {
        return Response.seeOther(URI.create(base() + "/entries/" + KnowledgeWords.path(id) + "?saved=1")).build();
    }

    private Response editPage(int status, Text t, KbEntry e, FormState form, boolean saved) {
        Map<String, Object> p = params(t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("entry", e);
        p.put("action", base() + "/entries/" + (e == null ? "new" : KnowledgeWords.path(e.id())));
        List<KbVersion> versions = e == null ? List.of() : kb.versions(e.id());
        p.put("versions", versions);
        p.put("saved", saved);
        return page(status, t, e == null ? "knowledge.edit.newTitle" : "knowledge.edit.title", "knowledge/edit.jte", p);
    }

    private static FormState formOf(KbEntry e) {
        FormState form = FormState.empty().value("id", e.id());
        FaqEntry f = e.faq();
        if (f == null) {
            return form;
        }
        StringBuilder alt = new StringBuilder();
        for (Phrasing p : f.alternatives()) {
            alt.append(alt.length() == 0 ? "" : "\n").append("ja".equals(p.language()) ? "" : "[" + p.language() + "] ")
                    .append(p.text());
        }
        return form.value("question", f.question()).value("alternatives", alt.toString()).value("answer", f.answer())
                .value("category", f.category()).value("department", f.department()).value("sourceUrl", f.sourceUrl())
                .value("validFrom", f.validFrom() == null ? "" : f.validFrom().toString())
                .value("validTo", f.validTo() == null ? "" : f.validTo().toString());
    }

    /** The date typed in a field, or null when empty; an unreadable one is an error of that field. */
    private static LocalDate date(Text t, FormState form, String field) {
        String s = form.value(field).strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            form.error(field, t.t("knowledge.edit.date.invalid"));
            return null;
        }
    }

    /** The service's refusal bound to the fields it names (each with the page's message), else to {@code fallback}. */
    private static void fieldErrors(Text t, FormState form, ProblemException e, String fallback) {
        Matcher m = FIELD_ERROR.matcher(e.detail() == null ? "" : e.detail());
        boolean any = false;
        while (m.find()) {
            String field = m.group(1);
            String on = field.equals("language") ? "alternatives" : field;
            if (form.error(on) == null) {
                form.error(on, t.t(FIELD_MESSAGES.get(field)));
            }
            any = true;
        }
        if (!any) {
            form.error(fallback, e.status() == 409 ? t.t("knowledge.edit.id.kind") : Ui.text(message(t, e)));
        }
    }

    static List<Phrasing> phrasings(String text) {
        List<Phrasing> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            var m = Pattern.compile("^\\[([a-z-]{2,7})\\]\\s*(.+)$").matcher(l);
            out.add(m.matches() ? new Phrasing(m.group(1), m.group(2)) : Phrasing.ja(l));
        }
        return out;
    }

    // ------------------------------------------------------------------ import / export

    @GET
    @Path("import")
    public Response importForm(@PathParam("code") String code) {
        Text t = language.text(AdminPages.MESSAGES);
        return importPage(200, t, null, null, null);
    }

    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importFile(@PathParam("code") String code, @FormParam("file") EntityPart file,
                               @FormParam("data") String data, @FormParam("action") String action) throws IOException {
        Text t = language.text(AdminPages.MESSAGES);
        byte[] bytes;
        if (data != null && !data.isBlank()) {
            try {
                bytes = Base64.getDecoder().decode(data.strip());
            } catch (IllegalArgumentException e) {
                return importPage(400, t, null, null, t.t("knowledge.import.broken"));
            }
        } else if (file != null) {
            try (InputStream in = file.getContent()) {
                bytes = in.readNBytes(KnowledgeBaseService.MAX_UPLOAD + 1);
            }
        } else {
            bytes = new byte[0];
        }
        if (bytes.length == 0) {
            return importPage(400, t, null, null, t.t("knowledge.import.missing"));
        }
        if (bytes.length > KnowledgeBaseService.MAX_UPLOAD) {
            return importPage(400, t, null, null, t.t("knowledge.import.tooLarge"));
        }
        boolean commit = "commit".equals(action);
        KbImportResult r;
        try {
            r = kb.importFaqs(bytes, commit);
        } catch (ProblemException e) {
            return importPage(400, t, null, null, Ui.text(message(t, e)));
        }
        if (commit && r.committed()) {
            Map<String, Object> p = params(t);
            p.put("result", r);
            return page(200, t, "knowledge.import.title", "knowledge/imported.jte", p);
        }
        return importPage(r.errors().isEmpty() ? 200 : 400, t, r, bytes, null);
    }

    private Response importPage(int status, Text t, KbImportResult r, byte[] bytes, gg.jte.Content error) {
        Map<String, Object> p = params(t);
        p.put("words", Ui.words(t.tag()));
        p.put("result", r);
        p.put("data", bytes == null ? null : Base64.getEncoder().encodeToString(bytes));
        FormState form = FormState.empty();
        if (error != null) {
            form.error("file", error);
        }
        p.put("form", form);
        return page(status, t, "knowledge.import.title", "knowledge/import.jte", p);
    }

    @GET
    @Path("export")
    @Produces({"text/csv", "application/json", MediaType.TEXT_HTML})
    public Response export(@PathParam("code") String code, @QueryParam("format") String format,
                           @QueryParam("encoding") String encoding) {
        City city = tenant.city();
        if ("json".equals(format)) {
            return Response.ok(kb.exportJson().getBytes(StandardCharsets.UTF_8), "application/json;charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"knowledge-" + city.code() + ".json\"").build();
        }
        KnowledgeCsv.Encoding enc = "sjis".equals(encoding) ? KnowledgeCsv.Encoding.CP932
                : "utf8".equals(encoding) ? KnowledgeCsv.Encoding.UTF8 : KnowledgeCsv.Encoding.UTF8_BOM;
        try {
            return Response.ok(kb.exportCsv(enc), "text/csv;charset=" + (enc == KnowledgeCsv.Encoding.CP932 ? "Shift_JIS" : "UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"knowledge-" + city.code() + ".csv\"").build();
        } catch (ProblemException e) {
            Text t = language.text(AdminPages.MESSAGES);
            Map<String, Object> p = params(t);
            p.put("detail", message(t, e));
            return page(400, t, "knowledge.export.title", "knowledge/exportRefused.jte", p);
        }
    }

    // ------------------------------------------------------------------ templates

    @GET
    @Path("templates")
    public Response templates(@PathParam("code") String code) {
        Text t = language.text(AdminPages.MESSAGES);
        Map<String, Object> p = params(t);
        p.put("request", request);
        p.put("templates", kb.templates());
        return page(200, t, "knowledge.templates.title", "knowledge/templates.jte", p);
    }

    @POST
    @Path("templates/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response template(@PathParam("code") String code, @PathParam("id") String id, @FormParam("action") String action) {
        if ("keep".equals(action)) {
            kb.keepOwnVersion(id);
            return Response.seeOther(URI.create(base() + "/templates")).build();
        }
        KbEntry e = kb.adoptTemplate(id, false);
        return Response.seeOther(URI.create(base() + "/entries/" + KnowledgeWords.path(e.id()))).build();
    }

    // ------------------------------------------------------------------ synonyms

    @GET
    @Path("synonyms")
    public Response synonyms(@PathParam("code") String code, @QueryParam("saved") String saved) {
        Text t = language.text(AdminPages.MESSAGES);
        StringBuilder text = new StringBuilder();
        for (SynonymGroup g : kb.synonyms()) {
            text.append(String.join(", ", g.terms())).append('\n');
        }
        return synonymsPage(200, t, FormState.empty().value("groups", text.toString()), saved != null);
    }

    @POST
    @Path("synonyms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSynonyms(@PathParam("code") String code, @FormParam("groups") String groups) {
        Text t = language.text(AdminPages.MESSAGES);
        String typed = groups == null ? "" : groups;
        List<List<String>> parsed = new ArrayList<>();
        for (String line : typed.split("\\R")) {
            if (!line.isBlank()) {
                parsed.add(Arrays.stream(line.split("[,、，=＝]")).map(String::strip).filter(s -> !s.isEmpty()).toList());
            }
        }
        try {
            kb.replaceSynonyms(parsed);
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            FormState form = FormState.empty().value("groups", typed).error("groups", t.t("knowledge.synonyms.invalid"));
            return synonymsPage(400, t, form, false);
        }
        return Response.seeOther(URI.create(base() + "/synonyms?saved=1")).build();
    }

    private Response synonymsPage(int status, Text t, FormState form, boolean saved) {
        Map<String, Object> p = params(t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("saved", saved);
        return page(status, t, "knowledge.synonyms.title", "knowledge/synonyms.jte", p);
    }

    // ------------------------------------------------------------------ LLM settings and usage

    @GET
    @Path("llm")
    @CityAdminOnly
    public Response llmForm(@PathParam("code") String code, @QueryParam("saved") String saved) {
        Text t = language.text(AdminPages.MESSAGES);
        LlmSettingsView v = llm.get();
        FormState form = FormState.empty().value("provider", v.provider() == null ? "none" : v.provider())
                .value("baseUrl", v.baseUrl()).value("model", v.model()).value("timeoutMs", String.valueOf(v.timeoutMs()));
        return llmPage(200, t, form, v.apiKey(), saved != null);
    }

    @POST
    @Path("llm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @CityAdminOnly
    public Response llmSave(@PathParam("code") String code, @FormParam("provider") String provider,
                            @FormParam("baseUrl") String baseUrl, @FormParam("model") String model,
                            @FormParam("apiKey") String apiKey, @FormParam("clearApiKey") String clear,
                            @FormParam("timeoutMs") String timeoutMs) {
        Text t = language.text(AdminPages.MESSAGES);
        // the typed key is never sent back into the page
        FormState form = FormState.empty().value("provider", provider == null || provider.isBlank() ? "none" : provider.strip())
                .value("baseUrl", baseUrl == null ? "" : baseUrl.strip()).value("model", model == null ? "" : model.strip())
                .value("timeoutMs", timeoutMs == null ? "" : timeoutMs.strip());
        if (!List.of("none", "openai-compatible").contains(form.value("provider"))) {
            form.error("provider", t.t("knowledge.llm.provider.invalid"));
        }
        Integer timeout = null;
        if (!form.value("timeoutMs").isEmpty()) {
            try {
                timeout = Integer.valueOf(form.value("timeoutMs"));
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 500 || timeout > 60000) {
                form.error("timeoutMs", t.t("knowledge.llm.timeout.invalid"));
            }
        }
        if ("openai-compatible".equals(form.value("provider"))) {
            if (!form.value("baseUrl").matches("https?://\\S+")) {
                form.error("baseUrl", t.t("knowledge.llm.baseUrl.invalid"));
            }
            if (form.value("model").isEmpty() || form.value("model").length() > 200) {
                form.error("model", t.t("knowledge.llm.model.missing"));
            }
        }
        if (apiKey != null && apiKey.length() > 1000) {
            form.error("apiKey", t.t("knowledge.llm.apiKey.tooLong"));
        }
        if (!form.hasErrors()) {
            try {
                llm.update(new LlmSettingsInput(form.value("provider"), form.value("baseUrl"), form.value("model"), apiKey,
                        "on".equals(clear), timeout));
                return Response.seeOther(URI.create(base() + "/llm?saved=1")).build();
            } catch (ProblemException e) {
                if (e.status() != 400 && e.status() != 503) {
                    throw e;
                }
                if ("outbound-url-refused".equals(e.type())) {
                    form.error("baseUrl", t.t("knowledge.llm.baseUrl.refused"));
                } else if (e.status() == 503) {
                    form.error("apiKey", t.t("knowledge.llm.apiKey.cannotStore"));
                } else {
                    form.error("baseUrl", Ui.text(message(t, e)));
                }
            }
        }
        return llmPage(400, t, form, llm.get().apiKey(), false);
    }

    private Response llmPage(int status, Text t, FormState form, String keyState, boolean saved) {
        Map<String, Object> p = params(t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("keySet", "set".equals(keyState));
        p.put("saved", saved);
        p.put("providers", List.of(new Ui.Option("none", t.t("knowledge.llm.provider.none"), false),
                new Ui.Option("openai-compatible", t.t("knowledge.llm.provider.openai"), false)));
        return page(status, t, "knowledge.llm.title", "knowledge/llm.jte", p);
    }

    @GET
    @Path("usage")
    @CityAdminOnly
    public Response usage(@PathParam("code") String code) {
        Text t = language.text(AdminPages.MESSAGES);
        Map<String, Object> p = params(t);
        p.put("days", concierge.usage());
        p.put("retrieval", concierge.retrieval());
        return page(200, t, "knowledge.usage.title", "knowledge/usage.jte", p);
    }

    // ------------------------------------------------------------------ helpers

    private String base() {
        return "/c/" + tenant.city().code() + "/admin/knowledge";
    }

    private Map<String, Object> params(Text t) {
        return AdminPages.params(t, base(), request);
    }

    private Response page(int status, Text t, String titleKey, String template, Map<String, Object> p) {
        p.put("titleKey", titleKey);
        return AdminPages.page(status, t, t.plain(titleKey), tenant.city(), template, p);
    }

    /** This city's entry, or the city's "not found" page (another city's id, or an id outside the pattern, is none). */
    private KbEntry entry(String id) {
        try {
            return kb.get(id);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            throw e;
        }
    }

    private boolean exists(String id) {
        try {
            kb.get(id);
            return true;
        } catch (ProblemException free) {
            return false;
        }
    }

    /** A problem's detail in the page's language where it has one ("Japanese / English"), Japanese otherwise. */
    static String message(Text t, ProblemException e) {
        boolean japanese = t.tag().startsWith("ja");
        String d = e.detail() == null ? (japanese ? e.titleJa() : e.titleEn()) : e.detail();
        int slash = d.indexOf(" / ");
        return slash < 0 ? d : japanese ? d.substring(0, slash) : d.substring(slash + 3);
    }
}
