package jp.kyodo.tenant.pages;

import gg.jte.Content;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A readable page for a request refused before it reaches a page (a filter's answer: a body too large, a form from
 * another site, an unknown or suspended city), in the person's language ({@link PageLanguage}), in Kyodo's frame
 * ({@code frame/refused.jte}): a heading, one sentence saying what happened and what to do, and a way back. Never a
 * framework's or an exception's text.
 */
public final class Refusals {

    private Refusals() {
    }

    /** The refusal with tenant-core's messages ({@code refused.*}) in the request's language. */
    public static Response page(int status, String titleKey, String bodyKey, Object... values) {
        return response(status, html(requestTag(), titleKey, bodyKey, values));
    }

    /** The page of {@link #page(int, String, String, Object...)} in a given language. */
    static String html(String tag, String titleKey, String bodyKey, Object... values) {
        Text t = PageShell.FRAME.in(tag);
        return html(t, titleKey, t.t(bodyKey, values), "/");
    }

    /**
     * The refusal with another module's messages: its title message, a body already made from its messages, and the
     * page the way back leads to.
     */
    public static Response page(int status, Text t, String titleKey, Content body, String home) {
        return response(status, html(t, titleKey, body, home));
    }

    /** The page of {@link #page(int, Text, String, Content, String)}. */
    public static String html(Text t, String titleKey, Content body, String home) {
        Text frame = PageShell.FRAME.in(t.tag());
        Content main = PageShell.TEMPLATES.content("frame/refused.jte",
                Map.of("title", t.t(titleKey), "body", body, "back", frame.t("error.home"), "home", home));
        return PageShell.frame(t.tag(), t.plain(titleKey), null, main, null);
    }

    private static Response response(int status, String html) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    /** The request's language, Japanese outside a request. */
    public static String requestTag() {
        try {
            return PageChrome.current().map(c -> c.language().tag()).orElse(Languages.JAPANESE);
        } catch (RuntimeException outsideARequest) {
            return Languages.JAPANESE;
        }
    }
}
