package jp.kyodo.tenant.pages;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.internal.BodyLimitFilter;

/**
 * Bounds a page body before anything reads it: a {@code multipart/form-data} body of a signed-in person longer than
 * the files allowed per message × the size allowed per file + 1 MiB ({@link BodyLimitFilter#multipartLimit()}), and
 * any other body (every body of a visitor who is not signed in) longer than 1 MiB, is answered with a readable 413
 * page at once. A page body without a declared length (chunked; browsers always declare the length of a form) is
 * refused with 411 before anything parses it.
 * Smaller bodies reach the page, which checks each file and shows the form again with what was typed.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class UploadLimit implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (BodyLimitFilter.hasNul(request.getUriInfo().getRequestUri())) {
            request.abortWith(Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(PageShell.render("ja", "ページを表示できません", null,
                            "<h1>ページを表示できません</h1><p>アドレスに使えない文字が含まれています。アドレスを確かめてください。</p>"
                                    + "<p lang=\"en\">The address contains a character that cannot be used.</p>"
                                    + "<p><a href=\"/\">トップへ戻る</a></p>")).build());
            return;
        }
        MediaType type = request.getMediaType();
        if (!request.hasEntity()) {
            return;
        }
        boolean multipart = type != null && "multipart".equalsIgnoreCase(type.getType());
        boolean signedIn = request.getSecurityContext() != null && request.getSecurityContext().getUserPrincipal() != null;
        // files only for a person signed in; every other page body (a form, anyone's) gets the general 1 MiB
        long limit = BodyLimitFilter.limit(request.getUriInfo().getPath(), multipart, signedIn);
        if (request.getLength() > limit) {
            long mb = limit >> 20;
            request.abortWith(Response.status(413).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(PageShell.render("ja", "送信データが大きすぎます", null,
                            "<h1>送信データが大きすぎます</h1><p>送られたデータが大きすぎるため、受け付けませんでした（合計 " + mb
                                    + " MB まで）。ブラウザの「戻る」で入力画面に戻り、小さいファイルを選び直して送信してください。</p>"
                                    + "<p lang=\"en\">What you sent is larger than " + mb + " MB in total and was refused. "
                                    + "Go back, choose smaller files and send it again.</p>"
                                    + "<p><a href=\"/\">トップへ戻る</a></p>")).build());
            return;
        }
        if (request.getLength() < 0) {
            // a browser always declares the length of a form it sends; a page body without one (chunked) could only be
            // counted by the JAX-RS stream, while the servlet container parses form parameters (for the form token
            // check and the sign-in mechanism) from its own stream without a size limit for url-encoded forms
            request.abortWith(Response.status(411).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Connection", "close")
                    .entity(PageShell.render("ja", "送信できませんでした", null,
                            "<h1>送信できませんでした</h1><p>送信データの長さが分からないため、受け付けませんでした。"
                                    + "ブラウザのフォームから送信してください。</p>"
                                    + "<p lang=\"en\">The body did not declare its length and was refused. Send the form from a browser.</p>"
                                    + "<p><a href=\"/\">トップへ戻る</a></p>")).build());
        }
    }
}
