package jp.kyodo.tenant.pages;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The language a page is shown in, one of {@link Languages#TAGS}: {@code ?lang=} when given (the pages module
 * remembers it in a cookie), else the cookie, else the signed-in citizen's profile preference ({@link ProfileLanguage}),
 * else the browser's Accept-Language, else Japanese.
 *
 * <p>Pages use {@link #tag()} and their module's {@link Messages} ({@link #text}).
 */
@RequestScoped
public class PageLanguage {

    public static final String PARAM = "lang";
    public static final String COOKIE = "kyodo_lang";
    public static final List<String> SUPPORTED = Languages.TAGS;

    @Inject
    HttpServletRequest request;
    @Inject
    Instance<ProfileLanguage> profile;

    private String tag;
    /** The profile's preferred language as the page already read it ({@link #profileLanguage}), or null: ask. */
    private java.util.Optional<String> profileRead;

    /** The page's language: one of the six tags. */
    public String tag() {
        if (tag == null) {
            tag = resolve();
        }
        return tag;
    }

    /** A module's messages in the page's language. */
    public Text text(Messages bundle) {
        return bundle.in(tag());
    }

    /**
     * The signed-in person's preferred language from their profile, as the page has just read that profile itself
     * (what {@link ProfileLanguage} would answer: empty for anyone it answers nothing for), so that the language is
     * taken from it instead of asking {@link ProfileLanguage} to look the profile up again (マイページ: JFR, session 18,
     * ≈ 1.6 % of the page through the CDI look-up and the records' transactional call). Same order as always:
     * {@code ?lang=} and the cookie first. Only before the page's language was first resolved; this request only.
     */
    public void profileLanguage(java.util.Optional<String> preferred) {
        if (tag == null) {
            profileRead = preferred == null ? java.util.Optional.empty() : preferred;
        }
    }

    /** A supported language code, or null. */
    public static String supported(String value) {
        return Languages.supported(value);
    }

    private String resolve() {
        try {
            String p = chosen(request);
            if (p != null) {
                return p;
            }
            if (profileRead != null) {
                String preferred = supported(profileRead.orElse(null));
                if (preferred != null) {
                    return preferred;
                }
            } else if (profile != null && profile.isResolvable()) {
                String preferred = supported(profile.get().preferred().orElse(null));
                if (preferred != null) {
                    return preferred;
                }
            }
            // only a browser's own Accept-Language: without the header the servlet answers the server's default locale
            Enumeration<Locale> locales = request.getHeader("Accept-Language") == null ? null : request.getLocales();
            while (locales != null && locales.hasMoreElements()) {
                Locale locale = locales.nextElement();
                String l = supported(locale.getLanguage());
                if (l != null) {
                    return l;
                }
            }
        } catch (RuntimeException e) {
            // outside a servlet request (unit tests, background work)
        }
        return "ja";
    }

    /**
     * The language the person chose: {@code ?lang=} of this request, else the cookie that remembers an earlier choice;
     * null when they chose none. Reads the request only (no database): cheap enough for the sign-in's start, which
     * hands it to Keycloak so its pages speak the same language.
     */
    public static String chosen(HttpServletRequest request) {
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
        return null;
    }

    /** The language chosen with {@code ?lang=} in this request only, or null. */
    public static String chosenInQuery(HttpServletRequest request) {
        return supported(fromQuery(request.getQueryString()));
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
    public String switchUrl(String target) {
        try {
            return request.getRequestURI() + "?" + PARAM + "=" + target;
        } catch (RuntimeException e) {
            return "?" + PARAM + "=" + target;
        }
    }
}
