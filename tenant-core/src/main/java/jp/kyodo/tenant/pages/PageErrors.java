package jp.kyodo.tenant.pages;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.problem.ProblemMappers;

/**
 * Every exception that leaves a page becomes a readable page in Japanese (with an English line): the status of the
 * problem it stands for ({@link ProblemMappers#toProblem}: bad input 400, not found 404, …), its title, and for an
 * unexpected failure only an incident number (the failure itself is logged). An exception's own text — a database
 * error naming tables and constraints, a framework message naming classes — is never shown. A response a page built
 * itself (a {@link WebApplicationException} carrying one) is sent as it is.
 */
@Provider
public class PageErrors implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof WebApplicationException wae && wae.getResponse() != null
                && (wae.getResponse().hasEntity() || wae.getResponse().getStatus() < 400)) {
            return wae.getResponse();
        }
        ProblemException p = ProblemMappers.toProblem(t);
        return Response.status(p.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page(p)).build();
    }

    public static String page(ProblemException p) {
        String ja;
        String en;
        switch (p.status()) {
            case 400 -> {
                ja = "入力内容に誤りがあります。ブラウザの「戻る」で入力画面に戻り、内容を確かめてからもう一度送信してください。";
                en = "Something in what you sent cannot be accepted. Go back, check it and send it again.";
            }
            case 403 -> {
                ja = "このページを使う権限がありません。";
                en = "You do not have access to this page.";
            }
            case 404 -> {
                ja = "ページが見つかりません。アドレスが正しいか確かめてください。";
                en = "The page was not found. Check the address.";
            }
            case 409 -> {
                ja = "ほかの操作と重なったため、実行できませんでした。ページを開き直してからもう一度操作してください。";
                en = "This clashed with another change. Open the page again and retry.";
            }
            case 413 -> {
                ja = "送られたデータが大きすぎるため、受け付けませんでした。";
                en = "What you sent is too large and was refused.";
            }
            default -> {
                if (p.status() >= 500) {
                    Object incident = p.extensions().get("incident");
                    ja = "システムエラーが発生しました。時間をおいてもう一度お試しください。"
                            + (incident == null ? "" : "お問い合わせの際は番号 " + incident + " をお伝えください。");
                    en = "Something went wrong on our side. Please retry later." + (incident == null ? "" : " Incident " + incident + ".");
                } else {
                    ja = "この操作は受け付けられませんでした。";
                    en = "This request was not accepted.";
                }
            }
        }
        String title = p.status() == 404 ? "ページが見つかりません" : p.titleJa();
        return PageShell.render("ja", title, null, "<h1>" + Html.escape(title) + "</h1><p>" + Html.escape(ja)
                + "</p><p lang=\"en\">" + Html.escape(en) + "</p><p><a href=\"/\">トップへ戻る</a></p>");
    }
}
