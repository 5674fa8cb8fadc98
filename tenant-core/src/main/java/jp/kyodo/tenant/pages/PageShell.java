package jp.kyodo.tenant.pages;

import gg.jte.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.templates.frame.JtepageGenerated;
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
        Frame f = frameOf(tag, title, city, noticeKey);
        // the precompiled frame called directly (as Ui's components): no parameter map, no template lookup by name and
        // reflective call for the one template every page is rendered in
        return TEMPLATES.render(out -> JtepageGenerated.render(out, null, f, main));
    }

    /** What the frame shows around a page of this request. */
    static Frame frameOf(String tag, String title, City city, String noticeKey) {
        Optional<PageChrome> chrome = PageChrome.current();
        // the page's own address with "?lang=", asked of the request once (not once per language)
        String switchBase = chrome.map(c -> c.language().switchUrl("")).orElse("?lang=");
        return frameOf(chrome, tag, title, city, noticeKey, switchBase);
    }

    /** What the frame shows, with the language switcher's links to {@code switchBase + tag}. */
    static Frame frameOf(Optional<PageChrome> chrome, String tag, String title, City city, String noticeKey,
                         String switchBase) {
        Text t = FRAME.in(tag);
        CitySettings brand = city == null ? null
                : chrome.map(c -> c.branding(city)).orElseGet(() -> CitySettings.defaults(city.name()));
        boolean signedIn = chrome.map(PageChrome::signedIn).orElse(false);
        String brandCss = brand == null ? BrandCss.DEFAULT.url() : BrandCss.of(brand.primaryColor(), brand.secondaryColor());
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
        return new Frame(t, title, home, brand == null ? "Kyodo 共同" : brand.displayName(),
                brand == null || brand.logoUrl() == null || brand.logoUrl().isBlank() ? null : brand.logoUrl(), brandCss,
                signedIn, nav, LanguageSwitcher.of(tag, switchBase), noticeKey);
    }

    /**
     * The address of the stylesheet with a city's colours, for the colours of the last page (a city's colours change
     * rarely; the pages of one city follow each other): the address is not put together and checked again per page.
     */
    private record BrandCss(String primary, String secondary, String url) {

        static final BrandCss DEFAULT = new BrandCss(null, null, "/assets/brand.css?p=0017c1&s=00118f");
        private static volatile BrandCss last = DEFAULT;

        static String of(String primary, String secondary) {
            BrandCss l = last;
            if (Objects.equals(l.primary, primary) && Objects.equals(l.secondary, secondary)) {
                return l.url;
            }
            BrandCss made = new BrandCss(primary, secondary,
                    "/assets/brand.css?p=" + hex(primary, "0017c1") + "&s=" + hex(secondary, "00118f"));
            last = made;
            return made.url;
        }
    }

    /** {@code #RRGGBB} without the hash, in lower case; else the fallback (checked by hand: once per page, no regex). */
    static String hex(String colour, String fallback) {
        if (colour == null || colour.length() != 7 || colour.charAt(0) != '#') {
            return fallback;
        }
        for (int i = 1; i < 7; i++) {
            char c = colour.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return fallback;
            }
        }
        return colour.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
