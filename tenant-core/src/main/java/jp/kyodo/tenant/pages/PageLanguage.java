package jp.kyodo.tenant.pages;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The language a page is shown in: {@code ?lang=} when given (the pages module remembers it in a cookie), else the
 * cookie, else the browser's Accept-Language, else Japanese. Japanese first; English is the second UI language.
 */
@RequestScoped
public class PageLanguage {

    public static final String PARAM = "lang";
    public static final String COOKIE = "kyodo_lang";
    public static final List<String> SUPPORTED = List.of("ja", "en");

    @Inject
    HttpServletRequest request;

    private String lang;

    public String lang() {
        if (lang == null) {
            lang = resolve();
        }
        return lang;
    }

    public boolean english() {
        return "en".equals(lang());
    }

    /** The Japanese or the English text, for the page's language. */
    public String pick(String ja, String en) {
        return english() ? en : ja;
    }

    /** A supported language code, or null. */
    public static String supported(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return SUPPORTED.contains(v) ? v : null;
    }

    private String resolve() {
        try {
            // the query string only: getParameter would read (and use up) a form body the page has not read yet
            String p = supported(fromQuery(request.getQueryString()));
            if (p != null) {
                return p;
            }
            if (request.getCookies() != null) {
                for (Cookie c : request.getCookies()) {
                    if (COOKIE.equals(c.getName()) && supported(c.getValue()) != null) {
                        return supported(c.getValue());
                    }
                }
            }
            // only a browser's own Accept-Language: without the header the servlet answers the server's default locale
            Enumeration<Locale> locales = request.getHeader("Accept-Language") == null ? null : request.getLocales();
            while (locales != null && locales.hasMoreElements()) {
                String l = supported(locales.nextElement().getLanguage());
                if (l != null) {
                    return l;
                }
            }
        } catch (RuntimeException e) {
            // outside a servlet request (unit tests, background work)
        }
        return "ja";
    }

    private static String fromQuery(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(PARAM + "=")) {
                return java.net.URLDecoder.decode(pair.substring(PARAM.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The current request's path with {@code ?lang=<target>}, for a language switch link. */
    String switchUrl(String target) {
        try {
            return request.getRequestURI() + "?" + PARAM + "=" + target;
        } catch (RuntimeException e) {
            return "?" + PARAM + "=" + target;
        }
    }
}
