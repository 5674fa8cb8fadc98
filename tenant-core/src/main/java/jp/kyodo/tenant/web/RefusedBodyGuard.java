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
 * comes before the body has been read. A body larger than a visitor may send (1 MiB) is refused the same way unless
 * the request belongs to a page session that is signed in ({@link #SIGNED_IN_SESSION}). Every other body is left
 * alone. Registered by the pages module.
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

    /**
     * The session attribute that marks a page session as signed in; set by the pages module on every request of a
     * verified sign-in, gone when the session ends (sign-out, {@code SessionRecheck}). A visitor cannot set it.
     */
    public static final String SIGNED_IN_SESSION = "jp.kyodo.signed-in";

    /** True when the pages refuse this body (for this request's session: signed in or not). */
    static boolean refused(HttpServletRequest request) {
        return refused(request.getContentLengthLong(), request.getHeader("Transfer-Encoding") != null, request.getContentType(),
                request.getRequestURI(), () -> signedInSession(request));
    }

    /**
     * A body above the limit for a visitor (1 MiB) is refused here unless the request belongs to a signed-in page
     * session: the sign-in mechanism has not run yet, so its session is the only sign of who is sending. Only a
     * signed-in session may send more, up to the largest limit of the path (files: 16 MiB); anyone else's larger body
     * is never parsed (an anonymous multipart body of 1–16 MiB used to be, before the mechanism refused nothing).
     */
    static boolean refused(long declaredLength, boolean transferEncoding, String contentType, String path,
                           java.util.function.BooleanSupplier signedIn) {
        if (declaredLength < 0) {
            return transferEncoding;
        }
        boolean multipart = contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
        if (declaredLength <= BodyLimitFilter.limit(path, multipart, false)) {
            return false;
        }
        return declaredLength > BodyLimitFilter.limit(path, multipart, true) || !signedIn.getAsBoolean();
    }

    private static boolean signedInSession(HttpServletRequest request) {
        try {
            jakarta.servlet.http.HttpSession session = request.getSession(false);
            return session != null && Boolean.TRUE.equals(session.getAttribute(SIGNED_IN_SESSION));
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }
}
