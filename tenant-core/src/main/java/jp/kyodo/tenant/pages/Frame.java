package jp.kyodo.tenant.pages;

import gg.jte.Content;
import java.util.List;

/**
 * What the frame template ({@code frame/page.jte}) shows around a page: built by {@link PageShell} from the request
 * (city branding, who is signed in, the page's language).
 *
 * @param t          the frame's messages in the page's language
 * @param title      the page title (plain text)
 * @param homeUrl    the city's home, or {@code /} outside a city
 * @param brandName  the city's display name, or Kyodo's
 * @param logoUrl    the city's logo, or null
 * @param brandCss   the stylesheet with the city's colours as custom properties
 * @param signedIn   whether to offer sign-out
 * @param nav        the navigation, by message key
 * @param languages  the language switcher ({@link LanguageSwitcher}, {@code frame/languages.jte}), or null on pages
 *                   that exist in one language only
 * @param noticeKey  a frame message to show as a banner at the top of main (e.g. after sign-out), or null
 */
public record Frame(Text t, String title, String homeUrl, String brandName, String logoUrl, String brandCss,
                    boolean signedIn, List<Link> nav, Content languages, String noticeKey) {

    /** A navigation link: a message key of the frame's bundle and where it goes. */
    public record Link(String key, String href) {
    }

    /** One language of the switcher: its name in itself, marked with its own {@code lang}. */
    public record LanguageLink(String tag, String htmlLang, String name, String href, boolean current) {
    }

    /** The session's form token for the sign-out form (empty outside a request). */
    public String formToken() {
        return FormToken.currentOrEmpty();
    }

    public String stylesheet() {
        return DesignSystem.STYLESHEET_URL;
    }
}
