package jp.kyodo.tenant.pages;

import jp.kyodo.tenant.City;

/**
 * The common page frame: language, skip link, header with the city's name, main landmark, footer.
 * Plain HTML and CSS that work without JavaScript and on a phone.
 */
public final class PageShell {
    private PageShell() {
    }

    /** The sign-out button: a POST form, so a link prefetch can never sign anybody out. */
    public static String signOutForm() {
        return "<form method=\"post\" action=\"/logout\"><button type=\"submit\">ログアウト</button></form>";
    }

    public static String render(String lang, String title, City city, String mainHtml) {
        String header = city == null ? "<a class=\"brand\" href=\"/\">Kyodo 共同</a>"
                : "<a class=\"brand\" href=\"/c/" + Html.escape(city.code()) + "/\">" + Html.escape(city.name()) + "</a>";
        return "<!DOCTYPE html><html lang=\"" + Html.escape(lang) + "\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title>"
                + "<style>body{font-family:'Noto Sans JP',sans-serif;margin:0;line-height:1.7;color:#1a1a1a}"
                + "header,main,footer{padding:1rem 1.5rem;max-width:60rem;margin:auto}"
                + "header{border-bottom:4px solid #0017c1}.brand{font-weight:700;font-size:1.25rem;color:#0017c1}"
                + "a{color:#0017c1}a:focus,button:focus{outline:3px solid #ffb800;outline-offset:2px}"
                + ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff}</style></head>"
                + "<body><a class=\"skip\" href=\"#main\">本文へ移動</a><header>" + header + "</header>"
                + "<main id=\"main\">" + mainHtml + "</main>"
                + "<footer><small>Kyodo 共同 — 自治体共同利用型サービス基盤</small></footer></body></html>";
    }
}
