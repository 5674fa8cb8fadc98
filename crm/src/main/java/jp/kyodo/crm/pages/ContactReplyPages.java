package jp.kyodo.crm.pages;

import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.CaseMessage;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.ContactThreads;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * The page a person without a citizen account reaches from the city's reply e-mail
 * ({@code /c/<code>/inquiries/reply/<token>}): the case's messages meant for them and a form to answer back into the
 * same case. No sign-in: the link's token is the key ({@link ContactThreads}); a wrong or expired link is a plain
 * "not found" page. The page is not cached and sends no referrer, so the token does not travel further.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ContactReplyPages {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("GGGGy年M月d日", Locale.JAPAN);
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");
    static final String STYLE = "<style>textarea{font:inherit;width:100%;max-width:40rem}"
            + "textarea:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + ".error{border-left:4px solid #c00;padding-left:1rem}.done{border-left:4px solid #0a7d2c;padding-left:1rem}"
            + ".msg{border-left:3px solid #0017c1;padding:.2rem .8rem;margin:.6rem 0}.msg.mine{border-color:#888}</style>";

    @Inject
    TenantContext tenant;
    @Inject
    ContactThreads threads;
    @Context
    HttpServletRequest request;

    @GET
    @Path("c/{code}/inquiries/reply/{token}")
    public Response thread(@PathParam("code") String code, @PathParam("token") String token,
                           @QueryParam("sent") String sent) {
        City city = tenant.city();
        try {
            CaseDetail d = threads.view(token);
            return page(200, city, d, token, sent == null ? null : "返信を送りました。市の担当者が確認します。", "", null);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            throw e;
        }
    }

    @POST
    @Path("c/{code}/inquiries/reply/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("code") String code, @PathParam("token") String token,
                           @FormParam("message") String message, @FormParam(FormToken.FIELD) String formToken) {
        City city = tenant.city();
        String msg = message == null ? "" : message;
        try {
            if (!FormToken.valid(request, formToken)) {
                return page(400, city, threads.view(token), token, null, msg,
                        "画面の有効期限が切れました。もう一度「返信する」を押してください。");
            }
            String error = msg.isBlank() ? "返信の内容を入力してください。"
                    : msg.strip().length() > CaseMessage.MAX ? "返信は" + CaseMessage.MAX + "文字以内で入力してください（いまは"
                    + msg.strip().length() + "文字です）。" : null;
            if (error != null) {
                return page(400, city, threads.view(token), token, null, msg, error);
            }
            threads.answer(token, new CaseMessage(msg));
            return Response.seeOther(URI.create("/c/" + city.code() + "/inquiries/reply/" + token + "?sent=1"))
                    .header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            if (e.status() == 409) {
                return page(409, city, threads.view(token), token, null, msg,
                        "このお問い合わせは完了しているため、返信できません。ご用件があれば、あらためてお問い合わせください。");
            }
            throw e;
        }
    }

    private Response page(int status, City city, CaseDetail d, String token, String notice, String typed, String error) {
        String c = Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>お問い合わせ ").append(Html.escape(d.receptionNumber())).append("</h1>");
        if (notice != null) {
            b.append("<div class=\"done\" role=\"status\"><p>").append(Html.escape(notice)).append("</p></div>");
        }
        b.append("<p>").append(Html.escape(city.name())).append("へのお問い合わせについての、市とのやりとりです。"
                + "このページのアドレスはあなた専用です。ほかの人に教えないでください。</p>");
        b.append("<dl><dt>件名</dt><dd>").append(Html.escape(d.subject())).append("</dd><dt>状況</dt><dd>")
                .append(Html.escape(d.status().citizenLabel())).append("</dd><dt>受付日時</dt><dd>").append(when(d.createdAt()))
                .append("</dd></dl><h2>やりとり</h2><ol>");
        for (CaseEvent e : d.timeline()) {
            if (e.kind() == EventKind.STATUS) {
                continue;
            }
            boolean mine = e.kind() == EventKind.CITIZEN_MESSAGE;
            b.append("<li class=\"msg").append(mine ? " mine" : "").append("\"><p><strong>").append(switch (e.kind()) {
                case CITIZEN_MESSAGE -> "あなた";
                case STAFF_REPLY -> "市からの回答";
                case TRANSCRIPT -> "AIコンシェルジュとの会話";
                default -> "受付";
            }).append("</strong> ").append(when(e.at())).append("</p><p>")
                    .append(Html.escape(e.body()).replace("\n", "<br>")).append("</p></li>");
        }
        b.append("</ol>");
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"message-error\"><h2>送信できませんでした</h2><p>")
                    .append(Html.escape(error)).append("</p></div>");
        }
        if (d.status() != CaseStatus.CLOSED) {
            b.append("<form method=\"post\" action=\"/c/").append(c).append("/inquiries/reply/").append(Html.escape(token))
                    .append("\" accept-charset=\"UTF-8\">").append(FormToken.hidden(request))
                    .append("<h2>返信する</h2><p><label for=\"message\">返信の内容（").append(CaseMessage.MAX)
                    .append("文字以内）</label></p><p id=\"message-hint\">マイナンバーや口座番号などは書かないでください。</p>")
                    .append("<p><textarea id=\"message\" name=\"message\" rows=\"6\" required maxlength=\"").append(CaseMessage.MAX)
                    .append("\" aria-describedby=\"").append(error != null ? "message-error message-hint" : "message-hint")
                    .append("\"").append(error != null ? " aria-invalid=\"true\" autofocus" : "").append(">")
                    .append(Html.escape(typed)).append("</textarea></p><p><button type=\"submit\">返信する</button></p></form>");
        } else {
            b.append("<p>このお問い合わせは完了しました。ご用件があれば、あらためてお問い合わせください。</p>");
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .entity(PageShell.render("ja", "お問い合わせ " + d.receptionNumber() + " — " + city.name(), city,
                        STYLE + b)).build();
    }

    private static Response notFound(City city) {
        return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .entity(PageShell.render("ja", "ページが見つかりません — " + city.name(), city, STYLE
                        + "<h1>ページが見つかりません</h1><p>このリンクは正しくないか、使える期間が終わっています。"
                        + "メールに書かれたリンクをもう一度確かめてください。お問い合わせが完了してから30日たつと、リンクは使えなくなります。</p>"
                        + "<p>ご用件があれば、電話でお問い合わせください。その際は受付番号をお伝えください。</p>")).build();
    }

    private static String when(java.time.OffsetDateTime t) {
        if (t == null) {
            return "";
        }
        java.time.ZonedDateTime z = t.atZoneSameInstant(ReceptionNumbers.JAPAN);
        return Html.escape(DATE.format(java.time.chrono.JapaneseDate.from(z)) + " " + CLOCK.format(z));
    }
}
