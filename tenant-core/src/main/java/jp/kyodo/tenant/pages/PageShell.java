package jp.kyodo.tenant.pages;

import java.util.Optional;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.settings.CitySettings;

/**
 * The common page frame: language, skip link, header with the city's branding (display name, logo, colours from its
 * settings) and navigation, main landmark, footer. Plain HTML and CSS in the idiom of the Digital Agency's design
 * system (clear type, generous spacing, visible focus), working without JavaScript and on a phone.
 */
public final class PageShell {
    private PageShell() {
    }

    /** The sign-out button: a POST form, so a link prefetch can never sign anybody out. */
    public static String signOutForm() {
        return signOutForm(false);
    }

    /** The sign-out button in English or Japanese. */
    public static String signOutForm(boolean english) {
        return "<form method=\"post\" action=\"/logout\" class=\"inline\"><button type=\"submit\" class=\"secondary\">"
                + (english ? "Sign out" : "ログアウト") + "</button></form>";
    }

    /** A page in one language (Japanese pages not yet translated pass "ja"). */
    public static String render(String lang, String title, City city, String mainHtml) {
        return render(lang, title, city, mainHtml, false);
    }

    /**
     * A page that exists in Japanese and English ({@link PageLanguage}): the frame speaks the page's language and
     * offers a link to the other one.
     */
    public static String renderTranslated(String lang, String title, City city, String mainHtml) {
        return render(lang, title, city, mainHtml, true);
    }

    private static String render(String lang, String title, City city, String mainHtml, boolean translated) {
        Optional<PageChrome> chrome = PageChrome.current();
        boolean en = "en".equals(lang);
        CitySettings brand = city == null ? null : chrome.map(c -> c.branding(city)).orElse(CitySettings.defaults(city.name()));
        boolean signedIn = chrome.map(PageChrome::signedIn).orElse(false);
        String primary = brand == null ? "#0017c1" : brand.primaryColor();
        String secondary = brand == null ? "#00118f" : brand.secondaryColor();
        StringBuilder header = new StringBuilder();
        if (city == null) {
            header.append("<a class=\"brand\" href=\"/\">Kyodo 共同</a>");
        } else {
            String home = "/c/" + Html.escape(city.code()) + "/";
            header.append("<a class=\"brand\" href=\"").append(home).append("\">");
            if (brand.logoUrl() != null && !brand.logoUrl().isBlank()) {
                header.append("<img src=\"").append(Html.escape(brand.logoUrl())).append("\" alt=\"\" height=\"40\"> ");
            }
            header.append(Html.escape(brand.displayName())).append("</a>");
            header.append("<nav aria-label=\"").append(en ? "Site" : "サイト内").append("\"><ul>")
                    .append("<li><a href=\"").append(home).append("\">").append(en ? "Home" : "ホーム").append("</a></li>")
                    .append("<li><a href=\"").append(home).append("ask\">").append(en ? "Ask AI" : "AIに質問").append("</a></li>")
                    .append("<li><a href=\"").append(home).append("me\">").append(en ? "My page" : "マイページ").append("</a></li>");
            if (signedIn) {
                header.append("<li>").append(signOutForm(en)).append("</li>");
            }
            header.append("</ul></nav>");
        }
        if (translated) {
            String other = en ? "ja" : "en";
            String url = chrome.map(c -> c.language().switchUrl(other)).orElse("?lang=" + other);
            header.append("<p class=\"lang-switch\"><a href=\"").append(Html.escape(url)).append("\" lang=\"").append(other)
                    .append("\" hreflang=\"").append(other).append("\">").append(en ? "日本語" : "English").append("</a></p>");
        }
        return "<!DOCTYPE html><html lang=\"" + Html.escape(lang) + "\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title>"
                + "<style>" + css(primary, secondary) + "</style></head>"
                + "<body><a class=\"skip\" href=\"#main\">" + (en ? "Skip to content" : "本文へ移動") + "</a><header>" + header + "</header>"
                + "<main id=\"main\" tabindex=\"-1\">" + mainHtml + "</main>"
                + "<footer><small>" + (en ? "Kyodo — the shared service platform of municipalities" : "Kyodo 共同 — 自治体共同利用型サービス基盤")
                + "</small></footer></body></html>";
    }

    /** The stylesheet, with the city's colours (both checked at save for 4.5:1 against white). */
    private static String css(String primary, String secondary) {
        return ":root{--brand:" + primary + ";--brand-dark:" + secondary + "}"
                + "body{font-family:'Noto Sans JP','Hiragino Sans',sans-serif;margin:0;line-height:1.7;color:#1a1a1a;"
                + "font-size:1rem;overflow-wrap:anywhere}"
                + "header,main,footer{padding:1rem;max-width:60rem;margin:auto;box-sizing:border-box}"
                + "header{border-bottom:4px solid var(--brand);display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}"
                + ".brand{font-weight:700;font-size:1.25rem;color:var(--brand);text-decoration:none}"
                + ".brand img{vertical-align:middle}"
                + "nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0;align-items:center}"
                + "a{color:var(--brand)}a:hover{color:var(--brand-dark)}"
                + "a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus"
                + "{outline:3px solid #ffb800;outline-offset:2px}"
                + "h1{font-size:1.75rem;line-height:1.4}h2{font-size:1.375rem;line-height:1.5}"
                + "label{font-weight:700}"
                + "input,select,textarea{font:inherit;padding:.5rem;border:1px solid #767676;border-radius:4px;"
                + "max-width:100%;box-sizing:border-box}"
                + "textarea,input[type=text],input[type=email],input[type=tel],input[type=date],input[type=search]"
                + "{width:100%;max-width:40rem}"
                + "button{font:inherit;padding:.5rem 1.25rem;border-radius:4px;border:2px solid var(--brand);"
                + "background:var(--brand);color:#fff;cursor:pointer;min-height:44px}"
                + "button.secondary{background:#fff;color:var(--brand)}"
                + "form.inline{display:inline}"
                + "[aria-invalid=true]{border:2px solid #c00}"
                + ".error,.error-summary{border-left:4px solid #c00;padding:.25rem 1rem;background:#fdeeee}"
                + ".notice{border-left:4px solid var(--brand);padding:.25rem 1rem;background:#f1f5ff}"
                + "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
                + ".table-wrap{overflow-x:auto}"
                + ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}"
                + ".lang-switch{margin:0 0 0 auto}"
                + "footer{border-top:1px solid #ccc;margin-top:2rem}";
    }
}
