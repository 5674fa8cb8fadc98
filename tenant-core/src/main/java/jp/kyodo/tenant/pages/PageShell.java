package jp.kyodo.tenant.pages;

import gg.jte.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.settings.CitySettings;

/**
 * The common page frame ({@code frame/page.jte}): language, skip link, header with the city's branding (display name,
 * logo, colours from its settings) and navigation for the person's roles, a language switcher, main landmark,
 * footer; the design system's stylesheet ({@link Assets}). Works without JavaScript and on a phone.
 *
 * <p>Every page is a template and calls {@link #page}; the frame takes only a template's {@link Content}, never HTML
 * built by the caller.
 */
public final class PageShell {

    static final Messages FRAME = Messages.of(PageShell.class, "jp/kyodo/tenant/pages/messages");
    static final Templates TEMPLATES = Templates.precompiled(PageShell.class, "jp.kyodo.tenant.pages.templates");
    /** The frame's banner after sign-out ({@link #page(String, City, Content, String)}). */
    public static final String SIGNED_OUT = "frame.signedOut";
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    private PageShell() {
    }

    /**
     * A template page in the request's language ({@link PageLanguage#tag()}), with the language switcher.
     *
     * @param title the page title, plain text (e.g. {@link Text#plain})
     * @param city  the city, or null outside one
     * @param main  the page's content (a template's {@link Templates#content})
     */
    public static String page(String title, City city, Content main) {
        String tag = PageChrome.current().map(c -> c.language().tag()).orElse(Languages.JAPANESE);
        return frame(tag, title, city, main, null);
    }

    /** A template page with a banner of the frame's messages at the top (e.g. {@code frame.signedOut}). */
    public static String page(String title, City city, Content main, String noticeKey) {
        String tag = PageChrome.current().map(c -> c.language().tag()).orElse(Languages.JAPANESE);
        return frame(tag, title, city, main, noticeKey);
    }

    /** A template page in a given language (e.g. {@link Text#tag()}), with an optional banner key (or null). */
    public static String page(String tag, String title, City city, Content main, String noticeKey) {
        return frame(tag, title, city, main, noticeKey);
    }

    static String frame(String tag, String title, City city, Content main, String noticeKey) {
        Optional<PageChrome> chrome = PageChrome.current();
        Text t = FRAME.in(tag);
        CitySettings brand = city == null ? null : chrome.map(c -> c.branding(city)).orElse(CitySettings.defaults(city.name()));
        boolean signedIn = chrome.map(PageChrome::signedIn).orElse(false);
        String primary = brand == null ? null : brand.primaryColor();
        String secondary = brand == null ? null : brand.secondaryColor();
        String brandCss = "/assets/brand.css?p=" + hex(primary, "0017c1") + "&s=" + hex(secondary, "00118f");
        List<Frame.Link> nav = new ArrayList<>();
        String home = city == null ? "/" : "/c/" + city.code() + "/";
        if (city != null) {
            nav.add(new Frame.Link("frame.nav.home", home));
            if (brand.moduleEnabled("agents")) {
                nav.add(new Frame.Link("frame.nav.ask", home + "ask"));
            }
            nav.add(new Frame.Link("frame.nav.me", home + "me"));
            if (brand.moduleEnabled("crm") && chrome.map(c -> c.hasAnyRole("operator", "staff", "city-admin")).orElse(false)) {
                nav.add(new Frame.Link("frame.nav.staff", home + "staff"));
            }
            if (chrome.map(c -> c.hasAnyRole("city-admin")).orElse(false)) {
                nav.add(new Frame.Link("frame.nav.admin", home + "admin"));
            }
        }
        List<Frame.LanguageLink> languages = new ArrayList<>();
        for (String other : Languages.TAGS) {
            String url = chrome.map(c -> c.language().switchUrl(other)).orElse("?lang=" + other);
            languages.add(new Frame.LanguageLink(other, Languages.htmlLang(other), Languages.nativeName(other), url,
                    other.equals(tag)));
        }
        Frame f = new Frame(t, title, home, brand == null ? "Kyodo 共同" : brand.displayName(),
                brand == null || brand.logoUrl() == null || brand.logoUrl().isBlank() ? null : brand.logoUrl(), brandCss,
                signedIn, nav, languages, noticeKey);
        return TEMPLATES.render("frame/page.jte", Map.of("f", f, "main", main));
    }

    private static String hex(String colour, String fallback) {
        return colour != null && COLOUR.matcher(colour).matches() ? colour.substring(1).toLowerCase(java.util.Locale.ROOT) : fallback;
    }
}
