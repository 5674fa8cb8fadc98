package jp.kyodo.tenant.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A per-session token in every page form that changes something, so another site cannot make a browser post to
 * these pages (cross-site request forgery). It lives in the HTTP session (created by the first form shown, for
 * visitors without a sign-in too). {@link SameOriginForms} checks it on every POST, PUT, PATCH and DELETE of the pages
 * centrally. Pages never write it themselves: the form component ({@code Ui.form}, {@code components/form.jte}) and
 * the frame's sign-out form ({@code frame/signOut.jte}) render {@link #token} as a hidden field named {@link #FIELD}.
 */
public final class FormToken {

    public static final String FIELD = "_token";
    private static final String ATTRIBUTE = "kyodo.formToken";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FormToken() {
    }

    /**
     * The current request's session token (the request found through CDI), or an empty string outside a request
     * (unit tests, benchmarks): for templates, which render the hidden field themselves.
     */
    public static String currentOrEmpty() {
        try {
            return token(jp.kyodo.tenant.web.ClientProxies.of(HttpServletRequest.class));
        } catch (RuntimeException | LinkageError outsideARequest) {
            return "";
        }
    }

    public static String token(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        Object t = session.getAttribute(ATTRIBUTE);
        if (t instanceof String s) {
            return s;
        }
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String s = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        session.setAttribute(ATTRIBUTE, s);
        return s;
    }

    /** True when the posted token is this session's. */
    public static boolean valid(HttpServletRequest request, String posted) {
        HttpSession session = request.getSession(false);
        Object t = session == null ? null : session.getAttribute(ATTRIBUTE);
        return t instanceof String s && posted != null
                && MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), posted.getBytes(StandardCharsets.UTF_8));
    }
}
