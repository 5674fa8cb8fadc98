package jp.kyodo.tenant.pages;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives each page the {@code Content-Language} of the language it is written in: the {@code lang} of its
 * {@code <html>} element (set by {@link PageShell} from {@link PageLanguage}). Without it the server answered its own
 * default locale ({@code en}) for Japanese pages.
 */
@Provider
public class PageContentLanguage implements ContainerResponseFilter {

    private static final Pattern HTML_LANG = Pattern.compile("^\\s*<!DOCTYPE html>\\s*<html lang=\"([a-zA-Z-]{2,12})\"",
            Pattern.CASE_INSENSITIVE);

    @Context
    HttpServletResponse servletResponse;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String lang = languageOf(response.getEntity());
        if (lang == null) {
            return;
        }
        response.getHeaders().putSingle("Content-Language", lang);
        try {
            servletResponse.setLocale(Locale.forLanguageTag(lang));
        } catch (RuntimeException notAServletResponse) {
            // the header above is enough
        }
    }

    /** The html element's language of a rendered page, or null for anything else. */
    static String languageOf(Object entity) {
        if (!(entity instanceof String page)) {
            return null;
        }
        Matcher m = HTML_LANG.matcher(page.length() > 200 ? page.substring(0, 200) : page);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }
}
