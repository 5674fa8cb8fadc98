package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import jp.kyodo.agents.concierge.ConciergeAnswer;
import jp.kyodo.agents.concierge.ConciergeQuestion;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.agents.concierge.ConciergeSource;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The concierge page of a city ({@code /c/<code>/ask}): a plain form that works without JavaScript, answered on the
 * same page with the answer's sources, or with a reception number when a person will follow up. Anyone may ask; a
 * person signed in to this city is recorded by user name, everybody else as {@code anonymous}.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AskPage {

    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    SecurityContext security;
    @jakarta.ws.rs.core.Context
    jakarta.servlet.http.HttpServletRequest request;
    @Inject
    ConciergeService concierge;

    @GET
    @Path("c/{code}/ask")
    public Response form(@PathParam("code") String code) {
        City city = tenant.city();
        return Response.ok(page(city, "", null, null)).build();
    }

    @POST
    @Path("c/{code}/ask")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response ask(@PathParam("code") String code, @FormParam("question") String question) {
        City city = tenant.city();
        String typed = question == null ? "" : question;
        try {
            ConciergeAnswer a = concierge.ask(new ConciergeQuestion(typed, null), askedBy(city));
            return Response.ok(page(city, typed, a, null)).build();
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            String message = typed.isBlank() ? "質問を入力してください。"
                    : typed.strip().length() > ConciergeQuestion.MAX_LENGTH
                    ? "質問は" + ConciergeQuestion.MAX_LENGTH + "文字以内で入力してください（いまは" + typed.strip().length() + "文字です）。"
                    : "質問を受け付けられませんでした。内容をご確認ください。";
            return Response.status(400).entity(page(city, typed, null, message)).build();
        }
    }

    /** A user name only for a person signed in to this city; anyone else asks anonymously. */
    private String askedBy(City city) {
        if (security.getCallerPrincipal() == null) {
            return "anonymous";
        }
        return SignedIn.belongsTo(request, city.code()) ? identity.username() : "anonymous";
    }

    static String page(City city, String typed, ConciergeAnswer answer, String error) {
        String code = Html.escape(city.code());
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(city.name())).append(" AIコンシェルジュ</h1>");
        b.append("<p>手続きやくらしについての質問に、").append(Html.escape(city.name()))
                .append("の案内をもとにお答えします。答えられないときは職員におつなぎします。</p>");
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"question-error\"><h2>入力内容をご確認ください</h2><p>")
                    .append(Html.escape(error)).append("</p></div>");
        }
        if (answer != null) {
            b.append("<p class=\"asked\">ご質問：").append(text(typed.strip())).append("</p>");
            b.append(answerHtml(answer));
        }
        b.append("<form method=\"post\" action=\"/c/").append(code).append("/ask\" accept-charset=\"UTF-8\">")
                .append("<h2>").append(answer == null ? "質問する" : "続けて質問する").append("</h2>")
                .append("<p><label for=\"question\">ご質問（").append(ConciergeQuestion.MAX_LENGTH).append("文字以内）</label></p>")
                .append("<p id=\"question-hint\">マイナンバーや口座番号などの個人情報は入力しないでください。</p>")
                .append("<p><textarea id=\"question\" name=\"question\" rows=\"5\" cols=\"60\" required maxlength=\"")
                .append(ConciergeQuestion.MAX_LENGTH).append("\"")
                .append(" aria-describedby=\"question-hint").append(error != null ? " question-error\" aria-invalid=\"true\"" : "\"")
                .append(error != null ? " autofocus" : "").append(">")
                .append(Html.escape(error != null ? typed : "")).append("</textarea></p>")
                .append("<p><button type=\"submit\">質問する</button></p></form>")
                .append("<p><a href=\"/c/").append(code).append("/\">ポータルのトップへ戻る</a></p>");
        return PageShell.render("ja", "AIコンシェルジュ — " + city.name(), city,
                "<style>textarea{width:100%;max-width:40rem;font:inherit}textarea:focus{outline:3px solid #ffb800;"
                        + "outline-offset:2px}.error{border-left:4px solid #c00;padding-left:1rem}"
                        + ".answer{border:1px solid #ccc;padding:0 1rem;margin:1rem 0}</style>" + b);
    }

    private static String answerHtml(ConciergeAnswer a) {
        StringBuilder b = new StringBuilder("<section class=\"answer\" aria-labelledby=\"answer-heading\">");
        if (a.handedOver()) {
            b.append("<h2 id=\"answer-heading\">職員におつなぎします</h2>")
                    .append("<p>").append(text(a.answer())).append("</p>")
                    .append("<p>受付番号は <strong>").append(Html.escape(a.receptionNumber()))
                    .append("</strong> です。担当の職員が内容を確認して回答します。お問い合わせの際はこの番号をお伝えください。</p>");
        } else {
            b.append("<h2 id=\"answer-heading\">回答</h2>").append("<p>").append(text(a.answer())).append("</p>");
            if (a.notice() != null && !a.notice().isBlank()) {
                b.append("<p>").append(Html.escape(a.notice())).append("</p>");
            }
            b.append("<h3>出典</h3><ul>");
            for (ConciergeSource s : a.sources()) {
                String url = s.url() == null ? "" : s.url();
                String lower = url.toLowerCase(Locale.ROOT);
                b.append("<li>");
                if (lower.startsWith("https://") || lower.startsWith("http://")) {
                    b.append("<a href=\"").append(Html.escape(url)).append("\">").append(Html.escape(s.title())).append("</a>");
                } else {
                    b.append(Html.escape(s.title()));
                }
                b.append("</li>");
            }
            b.append("</ul><p><small>この回答は自動で作成しています。くわしくは出典のページをご確認ください。</small></p>");
        }
        return b.append("</section>").toString();
    }

    private static String text(String s) {
        return Html.escape(s).replace("\n", "<br>");
    }
}
