package jp.kyodo.crm.pages;

import static jp.kyodo.crm.pages.StaffPage.text;
import static jp.kyodo.crm.pages.StaffPage.time;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import jp.kyodo.crm.cases.CaseService;
import jp.kyodo.crm.cases.Dashboard;
import jp.kyodo.crm.cases.FaqProposal;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.problem.ProblemException;

/** The contact centre's dashboard and the FAQ improvement proposals, for the staff of the page's city. */
@Path("")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffDashboardPages {

    @Inject
    TenantContext tenant;
    @Inject
    SecurityContext security;
    @Inject
    CaseService cases;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    @GET
    @Path("c/{code}/staff/dashboard")
    public Response dashboard(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        Dashboard d = cases.dashboard();
        long max = Math.max(1, d.queues().stream().mapToLong(QueueView::open).max().orElse(1));
        StringBuilder b = new StringBuilder("<h1>ダッシュボード</h1>");
        b.append("<dl><dt>対応が必要な案件</dt><dd>").append(d.open()).append("件</dd>")
                .append("<dt>対応期限を過ぎた未対応の案件</dt><dd>").append(d.breachedOpen() > 0
                        ? "<span class=\"breached\">" + d.breachedOpen() + "件</span>" : "0件").append("</dd>")
                .append("<dt>まもなく期限の案件</dt><dd>").append(d.nearBreach()).append("件</dd>")
                .append("<dt>初回応答までの時間（中央値、直近30日）</dt><dd>")
                .append(d.medianFirstResponseMinutes() == null ? "まだ応答した案件がありません"
                        : minutes(d.medianFirstResponseMinutes())).append("</dd>")
                .append("<dt>直近30日の初回応答</dt><dd>").append(d.firstResponses30Days()).append("件（うち期限後 ")
                .append(d.answeredLate30Days()).append("件）</dd></dl>");
        // the chart repeats the table below; screen readers get the table
        b.append("<h2 id=\"chart-heading\">窓口ごとの対応が必要な案件</h2><dl class=\"bars\" aria-hidden=\"true\">");
        for (QueueView q : d.queues()) {
            long pct = q.open() * 100 / max;
            b.append("<dt>").append(Html.escape(q.name())).append("：").append(q.open()).append("件</dt><dd><div class=\"bar\" ")
                    .append("style=\"width:").append(Math.max(pct, q.open() > 0 ? 2 : 0)).append("%\"></div></dd>");
        }
        b.append("</dl><table aria-labelledby=\"chart-heading\"><thead><tr><th scope=\"col\">窓口</th>")
                .append("<th scope=\"col\">対応が必要</th><th scope=\"col\">未担当</th><th scope=\"col\">市民の返信待ち</th>")
                .append("<th scope=\"col\">期限超過</th></tr></thead><tbody>");
        for (QueueView q : d.queues()) {
            b.append("<tr><th scope=\"row\">").append(Html.escape(q.name())).append("</th><td>").append(q.open())
                    .append("</td><td>").append(q.unassigned()).append("</td><td>").append(q.waiting()).append("</td><td>")
                    .append(q.breached()).append("</td></tr>");
        }
        b.append("</tbody></table>");
        return Response.ok(StaffPage.render(city, "ダッシュボード", b.toString())).build();
    }

    @GET
    @Path("c/{code}/staff/faq-proposals")
    public Response proposals(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        return proposalsPage(city, null, 200);
    }

    @POST
    @Path("c/{code}/staff/faq-proposals/{id}/{decision}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("code") String code, @PathParam("id") String id,
                           @PathParam("decision") String decision, @FormParam("note") String note,
                           @FormParam(FormToken.FIELD) String token) throws Exception {
        City city = tenant.city();
        if (!SignedIn.hasRole(request, "staff") && !SignedIn.hasRole(request, "city-admin")) {
            return proposalsPage(city, "承認・却下は職員または自治体管理者が行います。", 403);
        }
        if (!FormToken.valid(request, token) || !(decision.equals("approve") || decision.equals("reject"))) {
            return proposalsPage(city, "画面の有効期限が切れました。もう一度送信してください。", 400);
        }
        try {
            cases.decideFaq(id, decision.equals("approve"), note);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return StaffPage.page(404, city, "提案が見つかりません", "<p>この提案はありません。</p>");
            }
            return proposalsPage(city, StaffCasePages.message(e), e.status() == 409 ? 409 : 400);
        }
        return Response.seeOther(URI.create("/c/" + code + "/staff/faq-proposals")).build();
    }

    private Response proposalsPage(City city, String error, int status) {
        boolean mayDecide = SignedIn.hasRole(request, "staff") || SignedIn.hasRole(request, "city-admin");
        String c = Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>FAQ改善提案</h1><p>案件の回答から提案されたFAQの追加・言い換えです。"
                + "承認した提案は、ナレッジの編集者がFAQに反映します。</p>");
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\"><p>").append(Html.escape(error)).append("</p></div>");
        }
        String token = FormToken.hidden(request);
        for (FaqProposal.Status s : FaqProposal.Status.values()) {
            var list = cases.faqProposals(s);
            b.append("<h2>").append(switch (s) {
                case PENDING -> "判断待ち";
                case APPROVED -> "承認済み";
                case REJECTED -> "却下";
            }).append("（").append(list.size()).append("件）</h2>");
            if (list.isEmpty()) {
                continue;
            }
            b.append("<ul>");
            for (FaqProposal p : list) {
                b.append("<li><p><strong>").append(p.kind() == FaqProposal.Kind.NEW_ENTRY ? "新しいFAQ" : "言い換え（" + Html.escape(p.entryId()) + "）")
                        .append("</strong>：").append(Html.escape(p.question())).append("</p>");
                if (p.answer() != null) {
                    b.append("<p>回答案：").append(text(p.answer())).append("</p>");
                }
                b.append("<p>提案：").append(Html.escape(p.proposedBy())).append(" ").append(time(p.proposedAt()))
                        .append("（案件 <a href=\"/c/").append(c).append("/staff/cases/").append(Html.escape(p.receptionNumber()))
                        .append("\">").append(Html.escape(p.receptionNumber())).append("</a>）</p>");
                if (p.decidedBy() != null) {
                    b.append("<p>判断：").append(Html.escape(p.decidedBy())).append(" ").append(time(p.decidedAt()))
                            .append(p.decisionNote() == null ? "" : "　" + Html.escape(p.decisionNote())).append("</p>");
                }
                if (s == FaqProposal.Status.PENDING && mayDecide) {
                    String base = "/c/" + c + "/staff/faq-proposals/" + p.id();
                    String noteId = "note-" + p.id();
                    b.append("<form method=\"post\" action=\"").append(base).append("/approve\">").append(token)
                            .append("<p><label for=\"").append(noteId).append("\">コメント（任意）</label> <input type=\"text\" id=\"")
                            .append(noteId).append("\" name=\"note\" maxlength=\"1000\" size=\"40\"></p>")
                            .append("<p><button type=\"submit\">承認する</button> <button type=\"submit\" formaction=\"")
                            .append(base).append("/reject\">却下する</button></p></form>");
                }
                b.append("</li>");
            }
            b.append("</ul>");
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(StaffPage.render(city, "FAQ改善提案", b.toString())).build();
    }

    private static String minutes(double m) {
        if (m < 60) {
            return Math.round(m) + "分";
        }
        long total = Math.round(m);
        return total / 60 + "時間" + (total % 60) + "分";
    }
}
