package jp.kyodo.tenant.web;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import jp.kyodo.tenant.internal.BodyLimitFilter;

/**
 * Keeps the servlet container from reading a page body that will be refused anyway, before the sign-in mechanism runs.
 * <p>
 * Liberty's OpenID Connect mechanism asks every request for its {@code state} parameter (is this the redirect back from
 * Keycloak?), and the container answers that by parsing a POST's whole form body from its own stream, without a size
 * limit, before any application code. A request listener runs earlier than that mechanism (Liberty notifies request
 * listeners before the security collaborator when CDI is on). For a body that the pages refuse whoever sends it — no
 * declared length (chunked: {@link jp.kyodo.tenant.pages.UploadLimit} answers 411), or a declared length above the
 * largest limit any request to that path may get, signed in or not (413) — this listener takes the request's input
 * stream without reading it; the servlet container then no longer parses the body for parameters (the servlet rule:
 * once the stream is taken, the body is not parameters), so the mechanism sees only the query string and the refusal
 * comes before the body has been read. Every other body is left alone. Registered by the pages module.
 */
public class RefusedBodyGuard implements ServletRequestListener {

    /** Set on a request whose body this guard kept from the container (for the logs and tests). */
    public static final String ATTRIBUTE = "jp.kyodo.body-refused";

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request && refused(request)) {
            try {
                request.getInputStream().close();
                request.setAttribute(ATTRIBUTE, Boolean.TRUE);
            } catch (IOException | IllegalStateException e) {
                throw new UncheckedIOException(new IOException("request body could not be set aside", e));
            }
        }
    }

    /** True when the pages refuse this body whoever sends it. */
    static boolean refused(HttpServletRequest request) {
        return refused(request.getContentLengthLong(), request.getHeader("Transfer-Encoding") != null, request.getContentType(),
                request.getRequestURI());
    }

    static boolean refused(long declaredLength, boolean transferEncoding, String contentType, String path) {
        if (declaredLength < 0) {
            return transferEncoding;
        }
        boolean multipart = contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
        return declaredLength > BodyLimitFilter.limit(path, multipart, true);
    }
}
