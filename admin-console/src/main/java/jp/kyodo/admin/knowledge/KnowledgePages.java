package jp.kyodo.admin.knowledge;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.agents.concierge.RetrievalStatus;
import jp.kyodo.agents.concierge.ConciergeUsageDay;
import jp.kyodo.agents.knowledge.FaqEntry;
import jp.kyodo.agents.knowledge.KnowledgeCsv;
import jp.kyodo.agents.knowledge.Phrasing;
import jp.kyodo.agents.knowledge.RowError;
import jp.kyodo.agents.knowledge.SynonymGroup;
import jp.kyodo.agents.knowledgebase.KbEntry;
import jp.kyodo.agents.knowledgebase.KbFaqInput;
import jp.kyodo.agents.knowledgebase.KbImportResult;
import jp.kyodo.agents.knowledgebase.KbVersion;
import jp.kyodo.agents.knowledgebase.KnowledgeBaseService;
import jp.kyodo.agents.knowledgebase.LlmSettingsInput;
import jp.kyodo.agents.knowledgebase.LlmSettingsService;
import jp.kyodo.agents.knowledgebase.LlmSettingsView;
import jp.kyodo.agents.knowledgebase.TemplateStatus;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's knowledge-base administration ({@code /c/<code>/admin/knowledge…}, staff and city administrators of that
 * city): entries with their status and search, the edit form (draft → publish) with the version history, national
 * templates with their updates, CSV/JSON import (preview, then commit) and export, synonyms, the LLM connection
 * (city administrators) and the concierge's usage. Plain server-rendered forms; no JavaScript needed.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class KnowledgePages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    @Inject
    TenantContext tenant;
    @Inject
    SecurityContext security;
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
    @Path("c/{code}/admin/knowledge")
    public Response list(@PathParam("code") String code, @QueryParam("q") String q, @QueryParam("status") String status) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        String st = status == null || !List.of("DRAFT", "PUBLISHED", "HIDDEN").contains(status) ? "" : status;
        List<KbEntry> entries = kb.list(q, st.isEmpty() ? null : st, null);
        StringBuilder b = new StringBuilder(nav(city, "ナレッジ一覧"));
        b.append("<form method=\"get\" action=\"").append(base(city)).append("\" role=\"search\">")
                .append("<p><label for=\"q\">ID・題名・分類で検索</label> <input id=\"q\" name=\"q\" value=\"")
                .append(Html.escape(q == null ? "" : q)).append("\"> <label for=\"status\">状態</label> <select id=\"status\" name=\"status\">")
                .append(option("", "すべて", st)).append(option("PUBLISHED", "公開中", st)).append(option("DRAFT", "下書き", st))
                .append(option("HIDDEN", "非表示", st)).append("</select> <button type=\"submit\">検索</button></p></form>");
        b.append("<p><a href=\"").append(base(city)).append("/entries/new\">FAQを新しく作る</a></p>");
        b.append("<table><caption>").append(entries.size()).append("件</caption><thead><tr><th scope=\"col\">ID</th>")
                .append("<th scope=\"col\">題名</th><th scope=\"col\">分類</th><th scope=\"col\">種類</th><th scope=\"col\">状態</th>")
                .append("<th scope=\"col\">版</th><th scope=\"col\">更新</th></tr></thead><tbody>");
        for (KbEntry e : entries) {
            b.append("<tr><td>").append(Html.escape(e.id())).append("</td><td><a href=\"").append(base(city))
                    .append("/entries/").append(enc(e.id())).append("\">").append(Html.escape(e.title())).append("</a></td><td>")
                    .append(Html.escape(e.category())).append("</td><td>").append("FAQ".equals(e.kind()) ? "FAQ" : "文書")
                    .append("</td><td>").append(statusLabel(e)).append("</td><td>").append(e.version()).append("</td><td>")
                    .append(e.updatedAt() == null ? "" : TIME.format(e.updatedAt())).append(" ")
                    .append(Html.escape(e.updatedBy())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        return ok(city, "ナレッジ一覧", b.toString());
    }

    // ------------------------------------------------------------------ edit

    @GET
    @Path("c/{code}/admin/knowledge/entries/{id}")
    public Response edit(@PathParam("code") String code, @PathParam("id") String id) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        if ("new".equals(id)) {
            return ok(city, "FAQの作成", editPage(city, null, Form.empty(), null, List.of()));
        }
        KbEntry e;
        try {
            e = kb.get(id);
        } catch (ProblemException notFound) {
            return page(404, city, "見つかりません", "<h1>見つかりません</h1><p>この項目はありません。</p>");
        }
        return ok(city, "ナレッジの編集", editPage(city, e, Form.of(e), null, kb.versions(id)));
    }

    @POST
    @Path("c/{code}/admin/knowledge/entries/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("code") String code, @PathParam("id") String pathId,
                         @FormParam("id") String newId, @FormParam("question") String question,
                         @FormParam("alternatives") String alternatives, @FormParam("answer") String answer,
                         @FormParam("category") String category, @FormParam("department") String department,
                         @FormParam("sourceUrl") String sourceUrl, @FormParam("validFrom") String validFrom,
                         @FormParam("validTo") String validTo, @FormParam("action") String action) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        boolean creating = "new".equals(pathId);
        String id = creating ? nz(newId).strip() : pathId;
        Form form = new Form(id, nz(question), nz(alternatives), nz(answer), nz(category), nz(department),
                nz(sourceUrl), nz(validFrom), nz(validTo));
        KbEntry existing = null;
        if (!creating) {
            try {
                existing = kb.get(pathId);
            } catch (ProblemException notFound) {
                return page(404, city, "見つかりません", "<h1>見つかりません</h1><p>この項目はありません。</p>");
            }
            if ("publish".equals(action) && existing != null && "DOCUMENT".equals(existing.kind())) {
                kb.publish(pathId);
                return Response.seeOther(URI.create(base(city) + "/entries/" + enc(pathId) + "?saved=1")).build();
            }
            if ("hide".equals(action)) {
                kb.hide(pathId);
                return Response.seeOther(URI.create(base(city) + "/entries/" + enc(pathId))).build();
            }
        } else if (!id.isEmpty()) {
            try {
                kb.get(id);
                return page(400, city, "FAQの作成", editPage(city, null, form, "ID「" + id + "」はすでに使われています。別のIDにしてください。", List.of()));
            } catch (ProblemException free) {
                // the id is free
            }
        }
        LocalDate from;
        LocalDate to;
        try {
            from = form.validFrom.isBlank() ? null : LocalDate.parse(form.validFrom.strip());
            to = form.validTo.isBlank() ? null : LocalDate.parse(form.validTo.strip());
        } catch (DateTimeParseException e) {
            return page(400, city, "ナレッジの編集", editPage(city, existing, form,
                    "公開開始日・公開終了日は 2025-04-01 の形で入力してください。", existing == null ? List.of() : kb.versions(id)));
        }
        try {
            kb.saveFaq(id, new KbFaqInput(id, form.question, phrasings(form.alternatives), form.answer, form.category,
                    form.department, form.sourceUrl, from, to, "ja", "publish".equals(action)));
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            return page(400, city, "ナレッジの編集", editPage(city, existing, form, message(e),
                    existing == null ? List.of() : kb.versions(id)));
        }
        return Response.seeOther(URI.create(base(city) + "/entries/" + enc(id) + "?saved=1")).build();
    }

    private String editPage(City city, KbEntry e, Form f, String error, List<KbVersion> versions) {
        StringBuilder b = new StringBuilder(nav(city, e == null ? "FAQの作成" : "ナレッジの編集"));
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"form-error\"><h2>入力内容をご確認ください</h2><p>")
                    .append(Html.escape(error)).append("</p></div>");
        }
        if (e != null) {
            b.append("<p>状態：<strong>").append(statusLabel(e)).append("</strong>（第").append(e.version()).append("版）")
                    .append(e.templateId() != null ? "　全国テンプレート「" + Html.escape(e.templateId()) + "」から採用" : "")
                    .append("</p>");
        }
        String action = base(city) + "/entries/" + (e == null ? "new" : enc(e.id()));
        if (e != null && "DOCUMENT".equals(e.kind())) {
            b.append("<h2>文書</h2><p>").append(Html.escape(e.document().title())).append("（")
                    .append(e.document().format()).append("）</p><pre style=\"white-space:pre-wrap\">")
                    .append(Html.escape(e.document().text().length() > 3000 ? e.document().text().substring(0, 3000) + "…"
                            : e.document().text())).append("</pre><form method=\"post\" action=\"").append(action)
                    .append("\">").append(FormToken.hidden()).append("<p><button type=\"submit\" name=\"action\" value=\"publish\">公開する</button> ")
                    .append("<button type=\"submit\" name=\"action\" value=\"hide\">非表示にする</button></p></form>");
        } else {
            String err = error != null ? " aria-describedby=\"form-error\"" : "";
            b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(FormToken.hidden());
            if (e == null) {
                b.append(field("id", "ID（半角英数字と - _ .）", f.id, err, true));
            }
            b.append(field("question", "質問", f.question, err, true))
                    .append(area("alternatives", "言い換え（1行に1つ。日本語以外は先頭に [en] などの言語コード）", f.alternatives, 4, err))
                    .append(area("answer", "回答", f.answer, 8, err))
                    .append(field("category", "分類", f.category, "", false))
                    .append(field("department", "担当課", f.department, "", false))
                    .append(field("sourceUrl", "出典URL", f.sourceUrl, err, false))
                    .append(field("validFrom", "公開開始日（例 2025-04-01）", f.validFrom, err, false))
                    .append(field("validTo", "公開終了日", f.validTo, err, false))
                    .append("<p><button type=\"submit\" name=\"action\" value=\"draft\">下書きとして保存</button> ")
                    .append("<button type=\"submit\" name=\"action\" value=\"publish\">保存して公開</button>");
            if (e != null) {
                b.append(" <button type=\"submit\" name=\"action\" value=\"hide\">非表示にする</button>");
            }
            b.append("</p></form>");
        }
        if (!versions.isEmpty()) {
            b.append("<h2>版の履歴</h2><table><thead><tr><th scope=\"col\">版</th><th scope=\"col\">操作</th>")
                    .append("<th scope=\"col\">状態</th><th scope=\"col\">日時</th><th scope=\"col\">担当</th>")
                    .append("<th scope=\"col\">回答（冒頭）</th></tr></thead><tbody>");
            for (KbVersion v : versions) {
                String text = v.faq() != null ? v.faq().answer() : v.document() != null ? v.document().text() : "";
                b.append("<tr><td>").append(v.version()).append("</td><td>").append(actionLabel(v.action()))
                        .append("</td><td>").append(Html.escape(v.status())).append("</td><td>")
                        .append(v.changedAt() == null ? "" : TIME.format(v.changedAt())).append("</td><td>")
                        .append(Html.escape(v.changedBy())).append("</td><td>")
                        .append(Html.escape(text.length() > 60 ? text.substring(0, 60) + "…" : text)).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.toString();
    }

    record Form(String id, String question, String alternatives, String answer, String category, String department,
                String sourceUrl, String validFrom, String validTo) {
        static Form empty() {
            return new Form("", "", "", "", "", "", "", "", "");
        }

        static Form of(KbEntry e) {
            FaqEntry f = e.faq();
            if (f == null) {
                return new Form(e.id(), "", "", "", "", "", "", "", "");
            }
            StringBuilder alt = new StringBuilder();
            for (Phrasing p : f.alternatives()) {
                alt.append(alt.length() == 0 ? "" : "\n").append("ja".equals(p.language()) ? "" : "[" + p.language() + "] ")
                        .append(p.text());
            }
            return new Form(f.id(), f.question(), alt.toString(), f.answer(), f.category(), f.department(),
                    f.sourceUrl(), f.validFrom() == null ? "" : f.validFrom().toString(),
                    f.validTo() == null ? "" : f.validTo().toString());
        }
    }

    static List<Phrasing> phrasings(String text) {
        List<Phrasing> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            var m = java.util.regex.Pattern.compile("^\\[([a-z-]{2,7})\\]\\s*(.+)$").matcher(l);
            out.add(m.matches() ? new Phrasing(m.group(1), m.group(2)) : Phrasing.ja(l));
        }
        return out;
    }

    // ------------------------------------------------------------------ import / export

    @GET
    @Path("c/{code}/admin/knowledge/import")
    public Response importForm(@PathParam("code") String code) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        return ok(city, "インポート", importPage(city, null, null, null));
    }

    @POST
    @Path("c/{code}/admin/knowledge/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importFile(@PathParam("code") String code, @FormParam("file") EntityPart file,
                               @FormParam("data") String data, @FormParam("action") String action) throws IOException {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        byte[] bytes;
        if (data != null && !data.isBlank()) {
            try {
                bytes = Base64.getDecoder().decode(data.strip());
            } catch (IllegalArgumentException e) {
                return page(400, city, "インポート", importPage(city, null, null, "送信内容が壊れています。もう一度ファイルを選んでください。"));
            }
        } else if (file != null) {
            try (InputStream in = file.getContent()) {
                bytes = in.readNBytes(KnowledgeBaseService.MAX_UPLOAD + 1);
            }
        } else {
            bytes = new byte[0];
        }
        if (bytes.length == 0) {
            return page(400, city, "インポート", importPage(city, null, null, "ファイルを選んでください。"));
        }
        if (bytes.length > KnowledgeBaseService.MAX_UPLOAD) {
            return page(400, city, "インポート", importPage(city, null, null,
                    "ファイルが大きすぎます。取り込めるのは2MBまでです。分割して取り込んでください。"));
        }
        boolean commit = "commit".equals(action);
        KbImportResult r;
        try {
            r = kb.importFaqs(bytes, commit);
        } catch (ProblemException e) {
            return page(400, city, "インポート", importPage(city, null, null, message(e)));
        }
        if (commit && r.committed()) {
            return ok(city, "インポート", nav(city, "インポート") + "<div role=\"status\"><p>" + r.entries()
                    + "件を取り込みました（新規 " + r.created() + "件、更新 " + r.updated() + "件）。</p></div><p><a href=\""
                    + base(city) + "\">一覧へ</a></p>");
        }
        return page(r.errors().isEmpty() ? 200 : 400, city, "インポート", importPage(city, r, bytes, null));
    }

    private String importPage(City city, KbImportResult r, byte[] bytes, String error) {
        StringBuilder b = new StringBuilder(nav(city, "インポート"));
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"file-error\"><h2>取り込めません</h2><p>").append(Html.escape(error))
                    .append("</p></div>");
        }
        if (r != null) {
            b.append("<h2>確認結果</h2><p>形式 ").append(Html.escape(r.format())).append("、文字コード ")
                    .append(Html.escape(r.encoding())).append("、").append(r.entries()).append("件（新規 ").append(r.created())
                    .append("件、更新 ").append(r.updated()).append("件）。まだ何も保存していません。</p>");
            if (!r.errors().isEmpty()) {
                b.append("<div class=\"error\" role=\"alert\"><p>").append(r.errors().size())
                        .append("件のエラーがあります。ファイルを直してからもう一度選んでください。</p><table><thead><tr>")
                        .append("<th scope=\"col\">行</th><th scope=\"col\">列</th><th scope=\"col\">内容</th></tr></thead><tbody>");
                for (RowError e : r.errors()) {
                    b.append("<tr><td>").append(e.row()).append("</td><td>").append(Html.escape(e.column())).append("</td><td>")
                            .append(Html.escape(e.message())).append("</td></tr>");
                }
                b.append("</tbody></table></div>");
            } else {
                b.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"").append(base(city))
                        .append("/import\">").append(FormToken.hidden()).append("<input type=\"hidden\" name=\"data\" value=\"")
                        .append(Base64.getEncoder().encodeToString(bytes)).append("\">")
                        .append("<p><button type=\"submit\" name=\"action\" value=\"commit\">この内容で取り込む</button></p></form>");
            }
        }
        b.append("<h2>ファイルを選ぶ</h2><form method=\"post\" enctype=\"multipart/form-data\" action=\"").append(base(city))
                .append("/import\">").append(FormToken.hidden()).append("<p><label for=\"file\">CSV（Excel の UTF-8 / Shift_JIS）または JSON、2MBまで</label></p>")
                .append("<p><input type=\"file\" id=\"file\" name=\"file\" accept=\".csv,.json,text/csv,application/json\" required")
                .append(error != null ? " aria-describedby=\"file-error\" aria-invalid=\"true\"" : "").append("></p>")
                .append("<p><button type=\"submit\" name=\"action\" value=\"preview\">内容を確認する</button></p></form>")
                .append("<h2>エクスポート</h2><ul><li><a href=\"").append(base(city))
                .append("/export?format=csv&amp;encoding=utf8-bom\">CSV（Excel 用 UTF-8）</a></li><li><a href=\"")
                .append(base(city)).append("/export?format=csv&amp;encoding=sjis\">CSV（Shift_JIS）</a></li><li><a href=\"")
                .append(base(city)).append("/export?format=json\">JSON</a></li></ul>");
        return b.toString();
    }

    @GET
    @Path("c/{code}/admin/knowledge/export")
    @Produces({"text/csv", "application/json", MediaType.TEXT_HTML})
    public Response export(@PathParam("code") String code, @QueryParam("format") String format,
                           @QueryParam("encoding") String encoding) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
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
            return page(400, city, "エクスポート", nav(city, "エクスポート") + "<div class=\"error\" role=\"alert\"><p>"
                    + Html.escape(message(e)) + "</p></div>");
        }
    }

    // ------------------------------------------------------------------ templates

    @GET
    @Path("c/{code}/admin/knowledge/templates")
    public Response templates(@PathParam("code") String code) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        List<TemplateStatus> ts = kb.templates();
        StringBuilder b = new StringBuilder(nav(city, "全国テンプレート"));
        long updates = ts.stream().filter(TemplateStatus::updated).count();
        b.append("<p>全国共通のFAQひな形です。").append(updates > 0 ? "<strong>" + updates + "件に更新があります。</strong>" : "更新はありません。")
                .append("</p><table><thead><tr><th scope=\"col\">テンプレート</th><th scope=\"col\">質問</th>")
                .append("<th scope=\"col\">状態</th><th scope=\"col\">変更点</th><th scope=\"col\">操作</th></tr></thead><tbody>");
        for (TemplateStatus t : ts) {
            b.append("<tr><td>").append(Html.escape(t.templateId())).append("</td><td>").append(Html.escape(t.question()))
                    .append("</td><td>").append(switch (t.state()) {
                        case "NOT_ADOPTED" -> "未採用";
                        case "ADOPTED" -> "採用中";
                        case "EDITED" -> "独自に編集";
                        default -> "非表示";
                    }).append("</td><td>");
            for (TemplateStatus.FieldChange c : t.changes()) {
                b.append("<details><summary>").append(Html.escape(c.field())).append("</summary><p>変更前：")
                        .append(Html.escape(c.before())).append("</p><p>変更後：").append(Html.escape(c.after()))
                        .append("</p></details>");
            }
            b.append("</td><td><form method=\"post\" action=\"").append(base(city)).append("/templates/")
                    .append(enc(t.templateId())).append("\">").append(FormToken.hidden());
            if ("NOT_ADOPTED".equals(t.state()) || "HIDDEN".equals(t.state()) || t.updated()) {
                b.append("<button type=\"submit\" name=\"action\" value=\"adopt\">")
                        .append(t.updated() ? "更新を取り込む（下書き）" : "採用する（下書き）").append("</button>");
            }
            if (t.updated()) {
                b.append(" <button type=\"submit\" name=\"action\" value=\"keep\">自分の版を残す</button>");
            }
            b.append("</form></td></tr>");
        }
        b.append("</tbody></table>");
        return ok(city, "全国テンプレート", b.toString());
    }

    @POST
    @Path("c/{code}/admin/knowledge/templates/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response template(@PathParam("code") String code, @PathParam("id") String id,
                             @FormParam("action") String action) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        if ("keep".equals(action)) {
            kb.keepOwnVersion(id);
        } else {
            KbEntry e = kb.adoptTemplate(id, false);
            return Response.seeOther(URI.create(base(city) + "/entries/" + enc(e.id()))).build();
        }
        return Response.seeOther(URI.create(base(city) + "/templates")).build();
    }

    // ------------------------------------------------------------------ synonyms

    @GET
    @Path("c/{code}/admin/knowledge/synonyms")
    public Response synonyms(@PathParam("code") String code) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        StringBuilder text = new StringBuilder();
        for (SynonymGroup g : kb.synonyms()) {
            text.append(String.join(", ", g.terms())).append('\n');
        }
        return ok(city, "同義語", synonymsPage(city, text.toString(), null));
    }

    @POST
    @Path("c/{code}/admin/knowledge/synonyms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSynonyms(@PathParam("code") String code, @FormParam("groups") String groups) {
        Response gate = gate(code, false);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        List<List<String>> parsed = new ArrayList<>();
        for (String line : nz(groups).split("\\R")) {
            if (!line.isBlank()) {
                parsed.add(Arrays.stream(line.split("[,、，=＝]")).map(String::strip).filter(s -> !s.isEmpty()).toList());
            }
        }
        try {
            kb.replaceSynonyms(parsed);
        } catch (ProblemException e) {
            return page(400, city, "同義語", synonymsPage(city, nz(groups), message(e)));
        }
        return Response.seeOther(URI.create(base(city) + "/synonyms?saved=1")).build();
    }

    private String synonymsPage(City city, String text, String error) {
        StringBuilder b = new StringBuilder(nav(city, "同義語"));
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"groups-error\"><p>").append(Html.escape(error)).append("</p></div>");
        }
        b.append("<form method=\"post\" action=\"").append(base(city)).append("/synonyms\" accept-charset=\"UTF-8\">").append(FormToken.hidden())
                .append("<p><label for=\"groups\">1行に1グループ。同じ意味の語を「,」で区切ります（例：粗大ごみ, 大型ごみ）。</label></p>")
                .append("<p><textarea id=\"groups\" name=\"groups\" rows=\"15\" cols=\"60\"")
                .append(error != null ? " aria-describedby=\"groups-error\" aria-invalid=\"true\"" : "").append(">")
                .append(Html.escape(text)).append("</textarea></p><p><button type=\"submit\">保存（すぐに反映）</button></p></form>");
        return b.toString();
    }

    // ------------------------------------------------------------------ LLM settings and usage

    @GET
    @Path("c/{code}/admin/knowledge/llm")
    public Response llmForm(@PathParam("code") String code) {
        Response gate = gate(code, true);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        LlmSettingsView v = llm.get();
        return ok(city, "生成AIの設定", llmPage(city, v.provider(), v.baseUrl(), v.model(), String.valueOf(v.timeoutMs()),
                v.apiKey(), null));
    }

    @POST
    @Path("c/{code}/admin/knowledge/llm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response llmSave(@PathParam("code") String code, @FormParam("provider") String provider,
                            @FormParam("baseUrl") String baseUrl, @FormParam("model") String model,
                            @FormParam("apiKey") String apiKey, @FormParam("clearApiKey") String clear,
                            @FormParam("timeoutMs") String timeoutMs) {
        Response gate = gate(code, true);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        Integer timeout;
        try {
            timeout = timeoutMs == null || timeoutMs.isBlank() ? null : Integer.valueOf(timeoutMs.strip());
        } catch (NumberFormatException e) {
            return page(400, city, "生成AIの設定", llmPage(city, provider, baseUrl, model, timeoutMs, llm.get().apiKey(),
                    "タイムアウトはミリ秒の数字で入力してください。"));
        }
        try {
            llm.update(new LlmSettingsInput(provider, baseUrl, model, apiKey, "on".equals(clear), timeout));
        } catch (ProblemException e) {
            if (e.status() != 400 && e.status() != 503) {
                throw e;
            }
            // the typed key is not sent back into the page
            return page(400, city, "生成AIの設定", llmPage(city, provider, baseUrl, model, timeoutMs, llm.get().apiKey(),
                    message(e)));
        }
        return Response.seeOther(URI.create(base(city) + "/llm?saved=1")).build();
    }

    private String llmPage(City city, String provider, String baseUrl, String model, String timeout, String keyState,
                           String error) {
        StringBuilder b = new StringBuilder(nav(city, "生成AIの設定"));
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"llm-error\"><p>").append(Html.escape(error)).append("</p></div>");
        }
        String p = provider == null ? "none" : provider;
        b.append("<p>設定しないときは、ナレッジの回答をそのままお返しします。生成AIが遅いときや失敗したときも同じです。</p>")
                .append("<form method=\"post\" action=\"").append(base(city)).append("/llm\" accept-charset=\"UTF-8\">").append(FormToken.hidden())
                .append("<fieldset><legend>種類</legend><p><input type=\"radio\" id=\"p-none\" name=\"provider\" value=\"none\"")
                .append("none".equals(p) ? " checked" : "").append("><label for=\"p-none\">使わない</label></p>")
                .append("<p><input type=\"radio\" id=\"p-openai\" name=\"provider\" value=\"openai-compatible\"")
                .append("openai-compatible".equals(p) ? " checked" : "")
                .append("><label for=\"p-openai\">OpenAI 互換のAPI</label></p></fieldset>")
                .append(field("baseUrl", "接続先URL（例 https://api.example.jp/v1）", nz(baseUrl), "", false))
                .append(field("model", "モデル名", nz(model), "", false))
                .append("<p><label for=\"apiKey\">APIキー（いまは").append("set".equals(keyState) ? "設定済み" : "未設定")
                .append("。変えるときだけ入力）</label></p><p><input type=\"password\" id=\"apiKey\" name=\"apiKey\" autocomplete=\"off\"></p>")
                .append("<p><input type=\"checkbox\" id=\"clearApiKey\" name=\"clearApiKey\"><label for=\"clearApiKey\">APIキーを削除する</label></p>")
                .append(field("timeoutMs", "タイムアウト（ミリ秒、500〜60000）", nz(timeout), "", false))
                .append("<p><button type=\"submit\">保存</button></p></form>");
        return b.toString();
    }

    @GET
    @Path("c/{code}/admin/knowledge/usage")
    public Response usage(@PathParam("code") String code) {
        Response gate = gate(code, true);
        if (gate != null) {
            return gate;
        }
        City city = tenant.city();
        StringBuilder b = new StringBuilder(nav(city, "利用状況"));
        b.append("<table><caption>AIコンシェルジュの日別利用（日本時間）</caption><thead><tr><th scope=\"col\">日付</th>")
                .append("<th scope=\"col\">質問</th><th scope=\"col\">回答</th><th scope=\"col\">職員へ引き継ぎ</th>")
                .append("<th scope=\"col\">入力トークン</th><th scope=\"col\">出力トークン</th></tr></thead><tbody>");
        for (ConciergeUsageDay d : concierge.usage()) {
            b.append("<tr><td>").append(d.day()).append("</td><td>").append(d.questions()).append("</td><td>")
                    .append(d.answered()).append("</td><td>").append(d.handedOver()).append("</td><td>").append(d.tokensIn())
                    .append("</td><td>").append(d.tokensOut()).append("</td></tr>");
        }
        b.append("</tbody></table>");
        RetrievalStatus r = concierge.retrieval();
        String state = switch (r.embeddingState()) {
            case "active" -> "使用中";
            case "unavailable" -> "読み込めません（語句による検索のみ）";
            default -> "使用しない（語句による検索のみ）";
        };
        b.append("<h2>検索の設定</h2><dl class=\"retrieval\"><dt>埋め込みモデル</dt><dd>")
                .append(Html.escape(r.embeddingProvider())).append(r.embeddingModel() == null ? ""
                        : "（" + Html.escape(r.embeddingModel()) + "）").append("</dd><dt>状態</dt><dd>").append(state)
                .append("</dd><dt>次元数</dt><dd>").append(r.embeddingDimension()).append("</dd><dt>検索での重み</dt><dd>")
                .append(r.embeddingWeight()).append("</dd><dt>索引の項目数</dt><dd>").append(r.indexedEntries())
                .append("</dd><dt>埋め込みベクトル数</dt><dd>").append(r.embeddingVectors()).append("</dd></dl>");
        return ok(city, "利用状況", b.toString());
    }

    // ------------------------------------------------------------------ helpers

    /** Null when the caller may use these pages; otherwise a sign-in redirect or a 403 page. */
    private Response gate(String code, boolean adminOnly) {
        City city = tenant.city();
        PageGate.Verdict verdict = adminOnly ? PageGate.check(security, request, city, code, "city-admin")
                : PageGate.check(security, request, city, code, "staff", "city-admin");
        return switch (verdict) {
            case NOT_SIGNED_IN -> Response.seeOther(URI.create("/c/" + enc(code) + "/login")).build();
            case OTHER_CITY, MISSING_ROLE -> page(403, city, "権限がありません", "<h1>権限がありません</h1>"
                    + "<p>このページを使う権限がありません。 You lack the role for this page.</p>" + PageShell.signOutForm());
            case ADMITTED -> null;
        };
    }

    private static String base(City city) {
        return "/c/" + city.code() + "/admin/knowledge";
    }

    private static String nav(City city, String title) {
        String b = base(city);
        return "<nav aria-label=\"ナレッジ管理\"><ul class=\"kb-nav\"><li><a href=\"" + b + "\">一覧</a></li><li><a href=\"" + b
                + "/entries/new\">新規作成</a></li><li><a href=\"" + b + "/templates\">全国テンプレート</a></li><li><a href=\""
                + b + "/import\">インポート・エクスポート</a></li><li><a href=\"" + b + "/synonyms\">同義語</a></li><li><a href=\""
                + b + "/llm\">生成AIの設定</a></li><li><a href=\"" + b + "/usage\">利用状況</a></li></ul></nav><h1>"
                + Html.escape(title) + "</h1>";
    }

    private static Response ok(City city, String title, String html) {
        return page(200, city, title, html);
    }

    private static Response page(int status, City city, String title, String html) {
        return Response.status(status).entity(PageShell.render("ja", title + " — " + city.name(), city,
                "<style>.kb-nav{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}"
                        + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
                        + ".error{border-left:4px solid #c00;padding-left:1rem}input,textarea,select{font:inherit}"
                        + "textarea,input[type=text]{width:100%;max-width:40rem}</style>" + html))
                .type(MediaType.TEXT_HTML + ";charset=UTF-8").build();
    }

    private static String field(String name, String label, String value, String describedBy, boolean required) {
        return "<p><label for=\"" + name + "\">" + label + (required ? "（必須）" : "") + "</label></p><p><input type=\"text\" id=\""
                + name + "\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\"" + (required ? " required" : "")
                + describedBy + "></p>";
    }

    private static String area(String name, String label, String value, int rows, String describedBy) {
        return "<p><label for=\"" + name + "\">" + label + "</label></p><p><textarea id=\"" + name + "\" name=\"" + name
                + "\" rows=\"" + rows + "\" cols=\"60\"" + describedBy + ">" + Html.escape(value) + "</textarea></p>";
    }

    private static String option(String value, String label, String selected) {
        return "<option value=\"" + value + "\"" + (value.equals(selected) ? " selected" : "") + ">" + label + "</option>";
    }

    private static String statusLabel(KbEntry e) {
        return switch (e.status()) {
            case "PUBLISHED" -> "公開中";
            case "HIDDEN" -> "非表示";
            default -> e.citizensSee() ? "下書きあり（前の版を公開中）" : "下書き";
        };
    }

    private static String actionLabel(String a) {
        return switch (a) {
            case "CREATE" -> "作成";
            case "EDIT" -> "編集";
            case "PUBLISH" -> "公開";
            case "UNPUBLISH" -> "公開取りやめ";
            case "HIDE" -> "非表示";
            case "ADOPT" -> "テンプレート採用";
            case "TEMPLATE_UPDATE" -> "テンプレート更新";
            case "IMPORT" -> "インポート";
            case "SEED" -> "初期登録";
            case "DELETE" -> "削除";
            default -> a;
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The Japanese part of a problem's detail, for the page. */
    private static String message(ProblemException e) {
        String d = e.detail() == null ? e.titleJa() : e.detail();
        int slash = d.indexOf(" / ");
        return slash > 0 ? d.substring(0, slash) : d;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
