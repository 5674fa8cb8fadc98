package jp.kyodo.crm.pages;


import gg.jte.Content;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * What the staff pages share: the gate (signed in, this city, a staff role), the staff frame (its own header with the
 * staff menu, {@code staff/frame.jte}, inside the city's frame), the request's language and formatting. Every word is
 * in the crm bundle ({@link CrmPages#MESSAGES}, keys {@code staff.*}); the look is the design system's stylesheet.
 */
final class StaffPage {

    private StaffPage() {
    }

    /**
     * Null when the caller may use the staff pages of {@code code}; otherwise the response to give (nobody signed in:
     * to the city's sign-in, coming back here with the query — {@link PageGate#signInThenBackTo}).
     */
    static Response gate(SecurityContext security, HttpServletRequest request, City city, String code) {
        return switch (PageGate.check(security, request, city, code, "operator", "staff", "city-admin")) {
            case NOT_SIGNED_IN -> Response.seeOther(PageGate.signInThenBackTo(request, city)).build();
            case OTHER_CITY -> {
                Text t = text();
                yield refusal(city, t, "staff.refused.otherCity.title", t.t("staff.refused.otherCity", Ui.japanese(city.name())));
            }
            case MISSING_ROLE -> {
                Text t = text();
                yield refusal(city, t, "staff.refused.role.title", t.t("staff.refused.role"));
            }
            case ADMITTED -> null;
        };
    }

    /** The crm messages in the request's language ({@link PageLanguage}); Japanese outside a request. */
    static Text text() {
        return CrmPages.MESSAGES.in(tag());
    }

    private static String tag() {
        try {
            return jp.kyodo.tenant.web.ClientProxies.of(PageLanguage.class).tag();
        } catch (RuntimeException | LinkageError e) {
            return Languages.JAPANESE;
        }
    }

    /** A page of a heading and one message ({@code staff/message.jte}): refusals, "not found". */
    static Response message(int status, City city, Text t, String titleKey, Content message) {
        return message(status, city, t, titleKey, message, null, null);
    }

    /**
     * A 403 of the gate: the message in the city's frame, without the staff header and menu — someone who may not use
     * the staff pages of this city is not shown their menu.
     */
    private static Response refusal(City city, Text t, String titleKey, Content message) {
        return html(403, PageShell.page(t.tag(), t.plain(titleKey) + " — " + city.name(), city,
                messageBody(t, titleKey, message, null, null), null));
    }

    /** {@link #message(int, City, Text, String, Content)} with a link under the message. */
    static Response message(int status, City city, Text t, String titleKey, Content message, String linkHref,
                            Content linkText) {
        return html(status, page(city, t, t.plain(titleKey), null, messageBody(t, titleKey, message, linkHref, linkText)));
    }

    /** {@code staff/message.jte}: a heading, one message and an optional link. */
    private static Content messageBody(Text t, String titleKey, Content message, String linkHref, Content linkText) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("titleKey", titleKey);
        p.put("message", message);
        p.put("linkHref", linkHref);
        p.put("linkText", linkText);
        return CrmPages.TEMPLATES.content("staff/message.jte", p);
    }

    /**
     * The city's frame (title "… — city") with the staff frame inside: the staff header and menu ({@code current} is
     * the menu item of this page: cases, mine, new, dashboard, proposals, settings; or null) and the body.
     */
    static String page(City city, Text t, String title, String current, Content body) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("base", "/c/" + city.code() + "/");
        p.put("current", current);
        p.put("cityName", city.name());
        p.put("body", body);
        return PageShell.page(t.tag(), title + " — " + city.name(), city, CrmPages.TEMPLATES.content("staff/frame.jte", p),
                null);
    }

    static Response html(int status, String page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    static String time(OffsetDateTime t) {
        return CaseWords.time(t);
    }
}
