package jp.kyodo.crm.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.kyodo.tenant.pages.Html;

/**
 * A per-session token in every form that changes something, so another site cannot make a signed-in browser post
 * to these pages (cross-site request forgery). Pages with a sign-in keep it in the HTTP session.
 */
public final class FormToken {

    public static final String FIELD = "_token";
    private static final String ATTRIBUTE = "kyodo.formToken";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FormToken() {
    }

    /** The hidden input carrying this session's token. */
    public static String hidden(HttpServletRequest request) {
        return "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + Html.escape(token(request)) + "\">";
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
