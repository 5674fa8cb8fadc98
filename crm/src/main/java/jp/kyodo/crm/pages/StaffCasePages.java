package jp.kyodo.crm.pages;

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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jp.kyodo.agents.concierge.KnowledgeSuggestions;
import jp.kyodo.crm.cases.AttachmentRejected;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.CaseMessage;
import jp.kyodo.crm.cases.CaseReplyDrafts;
import jp.kyodo.agents.concierge.ReplyDrafts;
import jp.kyodo.crm.cases.CaseService;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.CaseSummary;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.Escalation;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.crm.cases.FaqProposal;
import jp.kyodo.crm.cases.FaqProposalDraft;
import jp.kyodo.crm.cases.NewCase;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.crm.cases.Resolution;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.problem.ProblemException;
import static jp.kyodo.crm.pages.StaffPage.sla;
import static jp.kyodo.crm.pages.StaffPage.text;
import static jp.kyodo.crm.pages.StaffPage.time;
import static jp.kyodo.crm.pages.StaffPage.value;

/**
 * The contact centre's staff pages (operators, staff, city administrators of the page's city): queues with counts,
 * a queue's cases filtered by status, the case view (timeline, citizen 360, operator assist, and forms to take,
 * reply, note, escalate, resolve, close), and logging a phone call or counter visit. Plain forms, no JavaScript.
 */
@Path("")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffCasePages {

    /** A form answered again after a refusal: which form, the message, and what was typed. */
    record Refusal(String form, String message, MultivaluedMap<String, String> typed) {
        String typed(String field) {
            return typed == null || typed.getFirst(field) == null ? "" : typed.getFirst(field);
        }
    }

    @Inject
    jp.kyodo.crm.citizens.CitizenRecords citizenRecords;
    @Inject
    TenantContext tenant;
    @Inject
    AttachmentRules attachmentRules;
    @Inject
    SecurityContext security;
    @Inject
    CaseService cases;
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
    @Path("c/{code}/staff/cases")
    public Response queues(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        String c = Html.escape(code);
        StringBuilder b = new StringBuilder("<h1>窓口一覧</h1><table><caption>窓口ごとの件数</caption><thead><tr>"
                + "<th scope=\"col\">窓口</th><th scope=\"col\">階層</th><th scope=\"col\">対応が必要</th>"
                + "<th scope=\"col\">未担当</th><th scope=\"col\">市民の返信待ち</th><th scope=\"col\">期限間近</th>"
                + "<th scope=\"col\">期限超過</th></tr></thead><tbody>");
        List<QueueView> queues = cases.queues();
        long near = queues.stream().mapToLong(QueueView::near).sum();
        long breached = queues.stream().mapToLong(QueueView::breached).sum();
        for (QueueView q : queues) {
            b.append("<tr><th scope=\"row\"><a href=\"/c/").append(c).append("/staff/cases/queues/").append(Html.escape(q.code()))
                    .append("\">").append(Html.escape(q.name())).append("</a></th><td>")
                    .append(q.tier() == 2 ? "第2階層（オペレーター）" : "第3階層（担当課）").append("</td><td>").append(q.open())
                    .append("</td><td>").append(q.unassigned()).append("</td><td>").append(q.waiting()).append("</td><td>")
                    .append(q.near() > 0 ? "<span class=\"near\">" + q.near() + "</span>" : "0").append("</td><td>")
                    .append(q.breached() > 0 ? "<span class=\"breached\">" + q.breached() + "</span>" : "0").append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (near + breached > 0) {
            // the in-app signal: shown above the table as well, so it is read first
            b.insert(b.indexOf("<table>"), "<div class=\"error\" role=\"status\"><p>対応期限が近い案件が " + near
                    + " 件、期限を過ぎた案件が " + breached + " 件あります（最初の対応がまだのもの）。</p></div>");
        }
        b.append("<form method=\"get\" action=\"/c/").append(c).append("/staff/cases/find\"><h2>受付番号で探す</h2>")
                .append("<p><label for=\"number\">受付番号（例: 2026-000123）</label> <input type=\"text\" id=\"number\" name=\"number\" ")
                .append("inputmode=\"numeric\" maxlength=\"20\"> <button type=\"submit\">開く</button></p></form>");
        return ok(city, "窓口一覧", b.toString());
    }

    @GET
    @Path("c/{code}/staff/cases/find")
    public Response find(@PathParam("code") String code, @QueryParam("number") String number) throws Exception {
        City city = tenant.city();
        String n = number == null ? "" : number.strip();
        if (n.isEmpty()) {
            return Response.seeOther(URI.create("/c/" + code + "/staff/cases")).build();
        }
        return Response.seeOther(URI.create("/c/" + code + "/staff/cases/" + URLEncoder.encode(n, StandardCharsets.UTF_8)))
                .build();
    }

    @GET
    @Path("c/{code}/staff/cases/queues/{queue}")
    public Response queue(@PathParam("code") String code, @PathParam("queue") String queue,
                          @QueryParam("status") String status) throws Exception {
        return list(code, queue, status, false);
    }

    @GET
    @Path("c/{code}/staff/cases/mine")
    public Response mine(@PathParam("code") String code, @QueryParam("status") String status) throws Exception {
        return list(code, null, status, true);
    }

    private Response list(String code, String queue, String status, boolean mine) throws Exception {
        City city = tenant.city();
        CaseStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = CaseStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                s = null;
            }
        }
        List<CaseSummary> list;
        try {
            list = cases.list(queue, s, mine, 300);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return StaffPage.page(404, city, "窓口が見つかりません", "<p>この窓口はありません。</p>");
            }
            throw e;
        }
        String title = mine ? "自分の担当案件" : cases.queues().stream().filter(q -> q.code().equals(queue))
                .map(QueueView::name).findFirst().orElse(queue);
        String c = Html.escape(code);
        StringBuilder b = new StringBuilder("<h1>").append(Html.escape(title)).append("</h1>");
        b.append("<form method=\"get\"><p><label for=\"status\">状況で絞り込む</label> <select id=\"status\" name=\"status\">")
                .append("<option value=\"\">完了以外すべて</option>");
        for (CaseStatus x : CaseStatus.values()) {
            b.append("<option value=\"").append(x.name()).append("\"").append(x == s ? " selected" : "").append(">")
                    .append(Html.escape(x.staffLabel())).append("</option>");
        }
        b.append("</select> <button type=\"submit\">絞り込む</button></p></form>");
        b.append("<table><caption>案件 ").append(list.size()).append("件</caption><thead><tr><th scope=\"col\">受付番号</th>")
                .append("<th scope=\"col\">件名</th><th scope=\"col\">チャネル</th><th scope=\"col\">優先度</th>")
                .append("<th scope=\"col\">状況</th><th scope=\"col\">担当</th><th scope=\"col\">受付日時</th>")
                .append("<th scope=\"col\">対応期限</th></tr></thead><tbody>");
        for (CaseSummary x : list) {
            b.append("<tr><th scope=\"row\"><a href=\"/c/").append(c).append("/staff/cases/").append(Html.escape(x.receptionNumber()))
                    .append("\">").append(Html.escape(x.receptionNumber())).append("</a></th><td>").append(Html.escape(x.subject()))
                    .append("</td><td>").append(Html.escape(x.channel().label())).append("</td><td>")
                    .append(Html.escape(x.priority().label())).append("</td><td>").append(StaffPage.status(x.status()))
                    .append("</td><td>").append(x.assignee() == null ? "未担当" : Html.escape(x.assignee())).append("</td><td>")
                    .append(time(x.createdAt())).append("</td><td>").append(time(x.slaDueAt())).append(" ").append(sla(x.sla()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        return ok(city, title, b.toString());
    }

    // ------------------------------------------------------------------ the case view

    @GET
    @Path("c/{code}/staff/cases/{ref}")
    public Response view(@PathParam("code") String code, @PathParam("ref") String ref, @QueryParam("draft") String draft,
                         @QueryParam("done") String done) throws Exception {
        City city = tenant.city();
        return caseView(city, ref, draft, done, null, 200);
    }

    /** Downloads a file of the case; like every read of a citizen's data it goes to the audit log. */
    @GET
    @Path("c/{code}/staff/cases/{ref}/attachments/{id}")
    @Produces(MediaType.WILDCARD)
    public Response attachment(@PathParam("code") String code, @PathParam("ref") String ref, @PathParam("id") String id)
            throws Exception {
        City city = tenant.city();
        try {
            return cases.attachment(ref, id).response();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            throw e;
        }
    }

    @POST
    @Path("c/{code}/staff/cases/{ref}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("code") String code, @PathParam("ref") String ref, @PathParam("action") String action)
            throws Exception {
        MultivaluedMap<String, String> form = posted();
        City city = tenant.city();
        return act(city, code, ref, action, form, List.of());
    }

    /** The reply form carries files (multipart); any action's fields are read the same way. */
    @POST
    @Path("c/{code}/staff/cases/{ref}/{action}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response actWithFiles(@PathParam("code") String code, @PathParam("ref") String ref,
                                 @PathParam("action") String action, List<EntityPart> parts) throws Exception {
        City city = tenant.city();
        AttachmentRules.Form read = attachmentRules.readForm(parts, request);
        MultivaluedMap<String, String> form = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        read.fields().forEach(form::putSingle);
        return act(city, code, ref, action, form, read.files());
    }

    private Response act(City city, String code, String ref, String action, MultivaluedMap<String, String> form,
                         List<Upload> files) {
        if (!FormToken.valid(request, form.getFirst(FormToken.FIELD))) {
            return caseView(city, ref, null, null, new Refusal(action,
                    "画面の有効期限が切れました。もう一度送信してください。", form), 400);
        }
        if (action.equals("draft")) {
            try {
                return caseView(city, ref, null, null, null, 200, drafts.draft(ref));
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    return notFound(city);
                }
                throw e;
            }
        }
        Supplier<CaseDetail> work = switch (action) {
            case "take" -> () -> cases.take(ref);
            case "reply" -> () -> cases.reply(ref, new CaseMessage(nz(form.getFirst("text"))), files);
            case "note" -> () -> cases.note(ref, new CaseMessage(nz(form.getFirst("text"))));
            case "escalate" -> () -> cases.escalate(ref, new Escalation(nz(form.getFirst("queue")), nz(form.getFirst("note"))));
            case "resolve" -> () -> cases.resolve(ref, new Resolution(nz(form.getFirst("answer")), faq(form)));
            case "close" -> () -> cases.close(ref);
            default -> null;
        };
        if (work == null) {
            return StaffPage.page(404, city, "ページが見つかりません", "<p>この操作はありません。</p>");
        }
        try {
            CaseDetail d = work.get();
            return Response.seeOther(URI.create("/c/" + code + "/staff/cases/" + d.receptionNumber() + "?done=" + action))
                    .build();
        } catch (AttachmentRejected e) {
            return caseView(city, ref, null, null, new Refusal(action, e.messageJa() + "ファイルはもう一度選んでください。", form),
                    e.status() == 413 ? 413 : 400);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            if (e.status() == 400 || e.status() == 409) {
                return caseView(city, ref, null, null, new Refusal(action, message(e)
                        + (files.isEmpty() ? "" : "ファイルはもう一度選んでください。"), form), e.status());
            }
            throw e;
        }
    }

    private static FaqProposalDraft faq(MultivaluedMap<String, String> form) {
        String kind = form.getFirst("faqKind");
        if (kind == null || kind.isBlank() || kind.equals("NONE")) {
            return null;
        }
        FaqProposal.Kind k;
        try {
            k = FaqProposal.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new FaqProposalDraft(k, form.getFirst("faqEntryId"), nz(form.getFirst("faqQuestion")),
                k == FaqProposal.Kind.NEW_ENTRY ? nz(form.getFirst("answer")) : null);
    }

    private Response caseView(City city, String ref, String draft, String done, Refusal refusal, int status) {
        return caseView(city, ref, draft, done, refusal, status, null);
    }

    private Response caseView(City city, String ref, String draft, String done, Refusal refusal, int status,
                              ReplyDrafts.ReplyDraft aiDraft) {
        CaseDetail d;
        try {
            d = cases.get(ref);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            throw e;
        }
        List<KnowledgeSuggestions.Suggestion> suggestions = knowledge.suggest(d.citizenText(), 3);
        String draftText = aiDraft != null ? aiDraft.text() : suggestions.stream().filter(s -> s.entryId().equals(draft))
                .map(s -> s.answer()).findFirst().orElse("");
        String c = Html.escape(city.code());
        String base = "/c/" + c + "/staff/cases/" + Html.escape(d.receptionNumber());
        StringBuilder b = new StringBuilder();
        b.append("<h1>案件 ").append(Html.escape(d.receptionNumber())).append("</h1>");
        if (done != null && refusal == null) {
            b.append("<div class=\"done\" role=\"status\"><p>").append(Html.escape(doneMessage(done))).append("</p></div>");
        }
        if (refusal != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"form-error\"><h2>操作できませんでした</h2><p>")
                    .append(Html.escape(refusal.message())).append("</p></div>");
        }
        b.append("<dl>");
        dl(b, "件名", Html.escape(d.subject()));
        dl(b, "状況", StaffPage.status(d.status()));
        dl(b, "優先度", Html.escape(d.priority().label()));
        dl(b, "窓口", Html.escape(d.queueName()) + (d.queueTier() == 3 ? "（担当課）" : "（オペレーター）"));
        dl(b, "担当", d.assignee() == null ? "未担当" : Html.escape(d.assignee()));
        dl(b, "チャネル", Html.escape(d.channel().label()));
        dl(b, "分類", Html.escape(Category.labelOf(d.category())));
        dl(b, "担当課", value(d.department()));
        dl(b, "受付日時", time(d.createdAt()));
        dl(b, "対応期限", time(d.slaDueAt()) + " " + sla(d.sla()));
        dl(b, "市民", d.citizenUsername() == null ? "（アカウントなし）" : Html.escape(d.citizenUsername()));
        if (d.contactName() != null || d.contactEmail() != null || d.contactPhone() != null) {
            dl(b, "連絡先", value(d.contactName()) + " " + value(d.contactEmail()) + " " + value(d.contactPhone()));
        }
        b.append("</dl>");

        // timeline
        b.append("<section aria-labelledby=\"timeline-heading\"><h2 id=\"timeline-heading\">経過</h2><ol>");
        for (CaseEvent e : d.timeline()) {
            b.append("<li class=\"event").append(e.visibleToCitizen() ? "" : " internal").append("\"><p><strong>")
                    .append(Html.escape(kindLabel(e.kind()))).append("</strong> ").append(time(e.at())).append(" ")
                    .append(Html.escape(e.actor())).append(e.visibleToCitizen() ? "" : "（内部のみ）").append("</p><p>")
                    .append(text(e.body())).append("</p>");
            if (!e.attachments().isEmpty()) {
                b.append("<ul class=\"files\" aria-label=\"添付ファイル\">");
                for (var a : e.attachments()) {
                    b.append("<li><a href=\"").append(base).append("/attachments/").append(a.id()).append("\" download>")
                            .append(Html.escape(a.fileName())).append("</a>（").append(a.readableSize()).append("、")
                            .append(Html.escape(a.contentType())).append("）</li>");
                }
                b.append("</ul>");
            }
            b.append("</li>");
        }
        b.append("</ol></section>");

        // operator assist
        b.append("<section aria-labelledby=\"assist-heading\"><h2 id=\"assist-heading\">回答の候補（ナレッジ）</h2>");
        if (suggestions.isEmpty()) {
            b.append("<p>この案件の内容に合うFAQは見つかりませんでした。</p>");
        } else {
            b.append("<ol>");
            for (KnowledgeSuggestions.Suggestion s : suggestions) {
                b.append("<li><p><strong>").append(Html.escape(s.title())).append("</strong>")
                        .append(s.department() == null ? "" : "（" + Html.escape(s.department()) + "）").append("</p><p>")
                        .append(text(s.answer())).append("</p><p><a href=\"").append(base).append("?draft=")
                        .append(URLEncoder.encode(s.entryId(), StandardCharsets.UTF_8))
                        .append("#reply-form\">この回答を返信の下書きにする</a></p></li>");
            }
            b.append("</ol>");
        }
        String token = FormToken.hidden(request);
        if (d.status() != CaseStatus.CLOSED && canReply(d)) {
            b.append("<form class=\"action\" id=\"draft-form\" method=\"post\" action=\"").append(base).append("/draft\">")
                    .append(token).append("<h3>AIの返信案</h3><p id=\"draft-hint\">市のナレッジだけを根拠に返信の下書きを作り、"
                            + "下の返信欄に入れます。送信はされません。</p><p><button type=\"submit\" aria-describedby=\"draft-hint\">"
                            + "AIで返信案を作る</button></p></form>");
        }
        b.append("</section>");

        // actions
        b.append(aiDraftSection(city, aiDraft));
        b.append("<section aria-labelledby=\"actions-heading\"><h2 id=\"actions-heading\">対応</h2>");
        if (d.assignee() == null && !d.status().isFinished()) {
            b.append("<form class=\"action\" method=\"post\" action=\"").append(base).append("/take\">").append(token)
                    .append("<h3>担当する</h3><p><button type=\"submit\">この案件を担当する</button></p></form>");
        }
        if (d.status() != CaseStatus.CLOSED && canReply(d)) {
            String replyText = refusal != null && refusal.form().equals("reply") ? refusal.typed("text") : draftText;
            textForm(b, base, token, "reply", "reply-form", "市民へ返信する", d.citizenUsername() != null
                    ? "返信（市民に表示され、通知されます）"
                    : "返信（" + d.contactEmail() + " にメールで送られます。メールには、この案件のやりとりを読んで返信できるリンクが付きます）",
                    "text", replyText, "返信する", refusal);
        } else if (d.status() != CaseStatus.CLOSED) {
            b.append("<div class=\"action\" id=\"reply-form\"><h3>市民へ返信する</h3><p>この案件の相手には市民アカウントも"
                    + "メールアドレスもないため、この画面からは返信できません。")
                    .append(d.contactPhone() == null ? "連絡先を確認して" : "電話（" + Html.escape(d.contactPhone()) + "）で")
                    .append("連絡し、話した内容を下の内部メモに記録してください。</p></div>");
        }
        textForm(b, base, token, "note", "note-form", "内部メモ", "内部メモ（市民には表示されません）", "text",
                refusal != null && refusal.form().equals("note") ? refusal.typed("text") : "", "メモを残す", refusal);
        if (!d.status().isFinished()) {
            boolean err = refusal != null && refusal.form().equals("escalate");
            b.append("<form class=\"action\" id=\"escalate-form\" method=\"post\" action=\"").append(base).append("/escalate\">")
                    .append(token).append("<h3>担当課へ引き継ぐ</h3><p><label for=\"escalate-queue\">引継ぎ先</label> ")
                    .append("<select id=\"escalate-queue\" name=\"queue\">");
            for (QueueView q : cases.queues()) {
                if (q.tier() == 3) {
                    boolean sel = err && q.code().equals(refusal.typed("queue"));
                    b.append("<option value=\"").append(Html.escape(q.code())).append("\"").append(sel ? " selected" : "")
                            .append(">").append(Html.escape(q.name())).append("</option>");
                }
            }
            b.append("</select></p><p><label for=\"escalate-note\">引継ぎメモ（必須）</label></p>")
                    .append("<p><textarea id=\"escalate-note\" name=\"note\" rows=\"4\" required maxlength=\"4000\"")
                    .append(err ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : "").append(">")
                    .append(err ? Html.escape(refusal.typed("note")) : "").append("</textarea></p>")
                    .append("<p><button type=\"submit\">引き継ぐ</button></p></form>");

            boolean rerr = refusal != null && refusal.form().equals("resolve");
            String kind = rerr ? refusal.typed("faqKind") : "NONE";
            b.append("<form class=\"action\" id=\"resolve-form\" method=\"post\" action=\"").append(base).append("/resolve\">")
                    .append(token).append("<h3>回答して解決する</h3><p><label for=\"resolve-answer\">回答（市民に表示され、通知されます）</label></p>")
                    .append("<p><textarea id=\"resolve-answer\" name=\"answer\" rows=\"6\" required maxlength=\"4000\"")
                    .append(rerr ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : "").append(">")
                    .append(Html.escape(rerr ? refusal.typed("answer") : draftText)).append("</textarea></p>")
                    .append("<fieldset><legend>FAQの改善を提案する（任意）</legend>")
                    .append(radio("faqKind", "NONE", "提案しない", kind))
                    .append(radio("faqKind", "NEW_ENTRY", "この質問と回答を新しいFAQとして提案する", kind))
                    .append(radio("faqKind", "PHRASING", "既存FAQの言い換えとして提案する", kind))
                    .append("<p><label for=\"faq-question\">FAQの質問文</label></p><p><input type=\"text\" id=\"faq-question\" ")
                    .append("name=\"faqQuestion\" size=\"60\" maxlength=\"500\" value=\"")
                    .append(Html.escape(rerr ? refusal.typed("faqQuestion") : d.subject())).append("\"></p>")
                    .append("<p><label for=\"faq-entry\">言い換え先のFAQ</label> <select id=\"faq-entry\" name=\"faqEntryId\">")
                    .append("<option value=\"\">（新しいFAQのときは選ばない）</option>");
            for (KnowledgeSuggestions.Suggestion s : suggestions) {
                if ("FAQ".equals(s.kind())) {
                    b.append("<option value=\"").append(Html.escape(s.entryId())).append("\"")
                            .append(rerr && s.entryId().equals(refusal.typed("faqEntryId")) ? " selected" : "").append(">")
                            .append(Html.escape(s.title())).append("</option>");
                }
            }
            b.append("</select></p></fieldset><p><button type=\"submit\">回答して解決する</button></p></form>");
        }
        if (d.status() == CaseStatus.RESOLVED) {
            b.append("<form class=\"action\" method=\"post\" action=\"").append(base).append("/close\">").append(token)
                    .append("<h3>完了にする</h3><p>完了にすると、市民はこの問い合わせに返信できなくなります。</p>")
                    .append("<p><button type=\"submit\">完了にする</button></p></form>");
        }
        b.append("</section>");

        if (d.citizenUsername() != null) {
            b.append(citizen360Section(city, d));
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(StaffPage.render(city, "案件 " + d.receptionNumber(), b.toString())).build();
    }

    /** A reply reaches the person: through their account, or by e-mail to the contact address. */
    private static boolean canReply(CaseDetail d) {
        return d.citizenUsername() != null || d.contactEmail() != null;
    }

    /** The AI draft's label and sources (the draft itself is in the reply box). */
    private static String aiDraftSection(City city, ReplyDrafts.ReplyDraft r) {
        if (r == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("<div class=\"done\" role=\"status\" id=\"ai-draft\"><h3>AIの返信案</h3><p>");
        if ("llm".equals(r.source())) {
            b.append("AI（").append(Html.escape(r.model())).append("）が市のナレッジから作った返信案を返信欄に入れました。"
                    + "AIは誤ることがあります。送信する前に、内容と根拠を必ず確認してください。自動では送信されません。");
        } else if ("faq".equals(r.source())) {
            b.append(switch (r.fallback() == null ? "" : r.fallback()) {
                case "no-model" -> "この市ではAIモデルが設定されていないため、";
                case "timeout" -> "AIの応答が時間内になかったため、";
                default -> "AIが根拠のある返信案を作れなかったため、";
            }).append("いちばん近いFAQの回答を返信案として返信欄に入れました。送信する前に必ず確認してください。自動では送信されません。");
        } else {
            b.append("この案件に合うナレッジが見つからなかったため、返信案を作れませんでした。");
        }
        b.append("</p>");
        if (!r.citations().isEmpty()) {
            b.append("<p>根拠にしたナレッジ:</p><ol>");
            for (jp.kyodo.agents.concierge.ConciergeSource s : r.citations()) {
                b.append("<li><a href=\"/c/").append(Html.escape(city.code())).append("/admin/knowledge/entries/")
                        .append(URLEncoder.encode(s.id(), StandardCharsets.UTF_8)).append("\">")
                        .append(Html.escape(s.title())).append("</a>（").append(Html.escape(s.id())).append("）</li>");
            }
            b.append("</ol>");
        }
        return b.append("</div>").toString();
    }

    /**
     * Citizen 360 (市民360): every case of this citizen and the concierge conversations they were handed over from.
     * The profile and household come from {@code jp.kyodo.crm.citizens}: see {@link #citizenProfileSection}.
     */
    String citizen360Section(City city, CaseDetail d) {
        String c = Html.escape(city.code());
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"citizen-heading\"><h2 id=\"citizen-heading\">市民360: ")
                .append(Html.escape(d.citizenUsername())).append("</h2>");
        // the citizen is the case's subject id, not its user name (which a later account may have taken)
        String subject = cases.citizenSubjectOf(d.id()).orElse(null);
        if (subject == null) {
            return b.append("<p>この市民のアカウントは閉じられています。</p></section>").toString();
        }
        b.append(citizenProfileSection(subject));
        b.append("<table><caption>この市民のすべての案件</caption><thead><tr><th scope=\"col\">受付番号</th><th scope=\"col\">件名</th>")
                .append("<th scope=\"col\">チャネル</th><th scope=\"col\">状況</th><th scope=\"col\">受付日時</th></tr></thead><tbody>");
        for (CaseSummary x : cases.casesOfCitizenSubject(subject)) {
            b.append("<tr><th scope=\"row\"><a href=\"/c/").append(c).append("/staff/cases/").append(Html.escape(x.receptionNumber()))
                    .append("\">").append(Html.escape(x.receptionNumber())).append("</a>")
                    .append(x.id().equals(d.id()) ? "（この案件）" : "").append("</th><td>").append(Html.escape(x.subject()))
                    .append("</td><td>").append(Html.escape(x.channel().label())).append("</td><td>")
                    .append(StaffPage.status(x.status())).append("</td><td>").append(time(x.createdAt())).append("</td></tr>");
        }
        b.append("</tbody></table><h3>AIコンシェルジュとの会話（職員への引継ぎ分）</h3>");
        Map<String, List<CaseEvent>> transcripts = cases.conciergeTranscriptsOfSubject(subject);
        if (transcripts.isEmpty()) {
            b.append("<p>引継ぎになった会話はありません。</p>");
        } else {
            b.append("<ul>");
            transcripts.forEach((number, events) -> {
                b.append("<li><p>受付番号 ").append(Html.escape(number)).append("</p>");
                for (CaseEvent e : events) {
                    b.append("<p>").append(text(e.body())).append("</p>");
                }
                b.append("</li>");
            });
            b.append("</ul>");
        }
        return b.append("</section>").toString();
    }

    /**
     * The citizen's profile, household and consents from {@code jp.kyodo.crm.citizens}; reading them writes the audit
     * entry ({@code personal-data.read}). A citizen who never filled in a profile gets a plain sentence.
     */
    String citizenProfileSection(String citizenSubject) {
        java.util.Optional<jp.kyodo.crm.citizens.CitizenRecord> found = citizenRecords.findBySubject(citizenSubject);
        if (found.isEmpty()) {
            return "<p>この市民はプロフィールをまだ登録していません。</p>";
        }
        jp.kyodo.crm.citizens.CitizenRecord r = found.get();
        jp.kyodo.crm.citizens.Profile p = r.profile();
        StringBuilder b = new StringBuilder("<h3>プロフィール</h3><dl class=\"profile\">");
        item(b, "氏名", p.fullName() + (p.fullNameKana() == null ? "" : "（" + p.fullNameKana() + "）"));
        item(b, "生年月日", p.birthDateText());
        item(b, "住所", String.join(" ", nz(p.postalCode()).isEmpty() ? "" : "〒" + p.postalCode(), nz(p.prefecture()),
                nz(p.municipality()), nz(p.street())).strip());
        item(b, "電話", p.phone());
        item(b, "メール", p.email());
        item(b, "連絡方法", p.wantsEmail() ? "ポータルとメール" : "ポータル");
        b.append("</dl><h3>世帯</h3>");
        if (r.household().isEmpty()) {
            b.append("<p>登録された世帯員はいません。</p>");
        } else {
            b.append("<ul>");
            for (jp.kyodo.crm.citizens.HouseholdMember m : r.household()) {
                b.append("<li>").append(Html.escape(m.fullName())).append("（").append(Html.escape(m.relationship().label()))
                        .append(m.birthDate() == null ? "" : "、" + Html.escape(m.birthDateText()))
                        .append(m.actsFor() ? "、代理で手続き" : "").append("）</li>");
            }
            b.append("</ul>");
        }
        b.append("<h3>同意</h3><ul>");
        for (jp.kyodo.crm.citizens.Consent c : r.consents()) {
            b.append("<li>").append(Html.escape(c.label())).append("：").append(c.given() ? "同意あり" : "同意なし").append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static void item(StringBuilder b, String term, String value) {
        if (value != null && !value.isBlank()) {
            b.append("<dt>").append(term).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
        }
    }

    // ------------------------------------------------------------------ logging a phone call or counter visit

    @GET
    @Path("c/{code}/staff/cases/new")
    public Response newCase(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        return newCasePage(city, null, null, 200);
    }

    @POST
    @Path("c/{code}/staff/cases/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logCase(@PathParam("code") String code) throws Exception {
        MultivaluedMap<String, String> form = posted();
        City city = tenant.city();
        if (!FormToken.valid(request, form.getFirst(FormToken.FIELD))) {
            return newCasePage(city, form, "画面の有効期限が切れました。もう一度送信してください。", 400);
        }
        Channel channel = parse(Channel.class, form.getFirst("channel"));
        Priority priority = parse(Priority.class, form.getFirst("priority"));
        try {
            CaseDetail d = cases.logContact(new NewCase(channel, nz(form.getFirst("category")), nz(form.getFirst("subject")),
                    nz(form.getFirst("notes")), priority, form.getFirst("citizenUsername"), form.getFirst("contactName"),
                    blank(form.getFirst("contactEmail")), blank(form.getFirst("contactPhone"))));
            return Response.seeOther(URI.create("/c/" + code + "/staff/cases/" + d.receptionNumber() + "?done=new")).build();
        } catch (ProblemException e) {
            if (e.status() == 400) {
                return newCasePage(city, form, message(e), 400);
            }
            throw e;
        }
    }

    private Response newCasePage(City city, MultivaluedMap<String, String> typed, String error, int status) {
        Refusal r = new Refusal("new", error, typed);
        String err = error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"form-error\"";
        StringBuilder b = new StringBuilder("<h1>電話・窓口の記録</h1><p>電話や窓口、メールで受けた問い合わせを案件として記録します。"
                + "受付番号が発行され、振り分けルールで窓口が決まります。</p>");
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"form-error\"><h2>入力内容をご確認ください</h2><p>")
                    .append(Html.escape(error)).append("</p></div>");
        }
        b.append("<form method=\"post\" action=\"/c/").append(Html.escape(city.code())).append("/staff/cases/new\">")
                .append(FormToken.hidden(request));
        b.append("<p><label for=\"channel\">受付チャネル</label> <select id=\"channel\" name=\"channel\">");
        for (Channel ch : List.of(Channel.PHONE, Channel.COUNTER, Channel.EMAIL)) {
            b.append(option(ch.name(), ch.label(), r.typed("channel")));
        }
        b.append("</select></p><p><label for=\"category\">分類</label> <select id=\"category\" name=\"category\">");
        for (Category cat : Category.values()) {
            b.append(option(cat.code(), cat.label(), r.typed("category")));
        }
        b.append("</select></p><p><label for=\"priority\">優先度</label> <select id=\"priority\" name=\"priority\">");
        for (Priority p : Priority.values()) {
            b.append(option(p.name(), p.label(), typed == null ? Priority.NORMAL.name() : r.typed("priority")));
        }
        b.append("</select></p>");
        b.append(input("subject", "件名（100文字以内）", "text", 100, r.typed("subject"), err, true));
        b.append("<p><label for=\"notes\">通話メモ・相談内容（8000文字以内）</label></p><p><textarea id=\"notes\" name=\"notes\" rows=\"8\" ")
                .append("required maxlength=\"8000\"").append(err).append(">").append(Html.escape(r.typed("notes")))
                .append("</textarea></p>");
        b.append("<fieldset><legend>相手（市民のユーザー名、またはお名前・連絡先のいずれか）</legend>")
                .append(input("citizenUsername", "市民のユーザー名", "text", 100, r.typed("citizenUsername"), "", false))
                .append(input("contactName", "お名前", "text", 100, r.typed("contactName"), "", false))
                .append(input("contactEmail", "メールアドレス", "email", 200, r.typed("contactEmail"), "", false))
                .append(input("contactPhone", "電話番号", "tel", 20, r.typed("contactPhone"), "", false))
                .append("</fieldset><p><button type=\"submit\">案件として記録する</button></p></form>");
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(StaffPage.render(city, "電話・窓口の記録", b.toString())).build();
    }

    // ------------------------------------------------------------------ helpers

    /** The posted form fields, read through the servlet (the sign-in mechanism may have read the body already). */
    private MultivaluedMap<String, String> posted() {
        MultivaluedMap<String, String> form = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, List.of(v)));
        return form;
    }

    private Response ok(City city, String title, String body) {
        return Response.ok(StaffPage.render(city, title, body)).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    private static Response notFound(City city) {
        return StaffPage.page(404, city, "案件が見つかりません",
                "<p>この受付番号・IDの案件はありません。 No such case in this city.</p>");
    }

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

    private static String doneMessage(String action) {
        return switch (action) {
            case "take" -> "この案件の担当になりました。";
            case "reply" -> "市民へ返信しました。";
            case "note" -> "内部メモを残しました。";
            case "escalate" -> "担当課へ引き継ぎました。";
            case "resolve" -> "回答して解決にしました。";
            case "close" -> "完了にしました。";
            case "new" -> "案件として記録しました。";
            default -> "完了しました。";
        };
    }

    static String kindLabel(EventKind k) {
        return switch (k) {
            case RECEIVED -> "受付";
            case TRANSCRIPT -> "AIコンシェルジュとの会話";
            case CITIZEN_MESSAGE -> "市民からのメッセージ";
            case STAFF_REPLY -> "市民への返信";
            case INTERNAL_NOTE -> "内部メモ";
            case CALL_NOTE -> "通話・窓口メモ";
            case HANDOVER -> "引継ぎ";
            case ASSIGNMENT -> "担当";
            case STATUS -> "状況の変更";
            case SLA -> "対応期限";
        };
    }

    private void textForm(StringBuilder b, String base, String token, String action, String id, String heading,
                          String label, String field, String value, String button, Refusal refusal) {
        boolean err = refusal != null && refusal.form().equals(action);
        boolean files = action.equals("reply");
        b.append("<form class=\"action\" id=\"").append(id).append("\" method=\"post\" action=\"").append(base).append("/")
                .append(action).append("\"").append(files ? " enctype=\"multipart/form-data\"" : "").append(">").append(token).append("<h3>").append(Html.escape(heading)).append("</h3>")
                .append("<p><label for=\"").append(id).append("-").append(field).append("\">").append(Html.escape(label))
                .append("</label></p><p><textarea id=\"").append(id).append("-").append(field).append("\" name=\"").append(field)
                .append("\" rows=\"5\" required maxlength=\"").append(CaseMessage.MAX).append("\"")
                .append(err ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : "").append(">")
                .append(Html.escape(value)).append("</textarea></p>");
        if (files) {
            b.append("<p><label for=\"").append(id).append("-file\">添付ファイル（任意）</label></p><p class=\"hint\" id=\"")
                    .append(id).append("-file-hint\">").append(Html.escape(attachmentRules.hintJa()))
                    .append("</p><p><input type=\"file\" id=\"").append(id).append("-file\" name=\"")
                    .append(AttachmentRules.FILE_FIELD).append("\" multiple accept=\"").append(AttachmentRules.accept())
                    .append("\" aria-describedby=\"").append(id).append("-file-hint").append(err ? " form-error" : "")
                    .append("\"></p>");
        }
        b.append("<p><button type=\"submit\">").append(Html.escape(button))
                .append("</button></p></form>");
    }

    private static void dl(StringBuilder b, String term, String html) {
        b.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(html).append("</dd>");
    }

    private static String radio(String name, String value, String label, String checked) {
        String id = name + "-" + value;
        return "<p><input type=\"radio\" id=\"" + id + "\" name=\"" + name + "\" value=\"" + value + "\""
                + (value.equals(checked) ? " checked" : "") + "> <label for=\"" + id + "\">" + Html.escape(label) + "</label></p>";
    }

    private static String option(String value, String label, String selected) {
        return "<option value=\"" + Html.escape(value) + "\"" + (value.equals(selected) ? " selected" : "") + ">"
                + Html.escape(label) + "</option>";
    }

    private static String input(String name, String label, String type, int max, String value, String err, boolean required) {
        return "<p><label for=\"" + name + "\">" + Html.escape(label) + "</label> <input type=\"" + type + "\" id=\"" + name
                + "\" name=\"" + name + "\" maxlength=\"" + max + "\" size=\"40\" value=\"" + Html.escape(value) + "\""
                + (required ? " required" + err : "") + "></p>";
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s) {
        try {
            return s == null || s.isBlank() ? null : Enum.valueOf(type, s);
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
