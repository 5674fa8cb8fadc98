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
 * Bounds a page form with files before anything reads it: a {@code multipart/form-data} body longer than the files
 * allowed per message × the size allowed per file + 1 MiB ({@link BodyLimitFilter#multipartLimit()}) is answered
 * with a readable 413 page at once; one without a length goes through a counting stream that fails at that limit.
 * Smaller bodies reach the page, which checks each file and shows the form again with what was typed.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class UploadLimit implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (!request.hasEntity() || type == null || !"multipart".equalsIgnoreCase(type.getType())) {
            return;
        }
        long limit = BodyLimitFilter.multipartLimit();
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
            request.setEntityStream(new BodyLimitFilter.CappedStream(request.getEntityStream(), limit));
        }
    }
}
