package jp.kyodo.portal.pages;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * Render cost of pages before (string building, as on main before issue 11: the frame with its inline stylesheet
 * and the city home's StringBuilder, copied below as the baseline) and after (jte templates), in one run, as a ratio.
 * Run with {@code bench/pages}. Pages: the city home (both sides complete) and my page (its body is still built in
 * Java on both sides; the ratio measures the frame around it).
 */
public final class PagesBench {

    private static volatile int sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        City city = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県", CityStatus.ACTIVE, null);
        List<Notice> notices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            notices.add(new Notice(UUID.randomUUID(), "粗大ごみの収集日が変わります " + i,
                    "令和8年12月から、粗大ごみの収集は毎週水曜日になります。申し込みは前の週の金曜日までにお願いします。<注意>",
                    "general", true, OffsetDateTime.now(), "staff", OffsetDateTime.now(), 1));
        }
        Text ja = PortalPages.MESSAGES.in("ja");
        String myPageBody = myPageBody();

        Runnable homeBefore = () -> sink += Legacy.home(city, notices).length();
        Runnable homeAfter = () -> sink += HomePage.render(ja, city, notices, false).length();
        Runnable meBefore = () -> sink += Legacy.frame("ja", "マイページ", city, myPageBody).length();
        Runnable meAfter = () -> sink += PageShell.renderTranslated("ja", "マイページ", city, myPageBody).length();

        for (Runnable r : List.of(homeBefore, homeAfter, meBefore, meAfter)) {
            for (int i = 0; i < perRound; i++) {
                r.run();
            }
        }
        double[][] ns = new double[4][rounds];
        for (int round = 0; round < rounds; round++) {
            // alternate the order so that neither side always runs on a warmer machine
            List<Runnable> order = List.of(homeBefore, homeAfter, meBefore, meAfter);
            for (int k = 0; k < 4; k++) {
                int which = round % 2 == 0 ? k : 3 - k;
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    order.get(which).run();
                }
                ns[which][round] = (System.nanoTime() - t0) / (double) perRound;
            }
        }
        double hb = median(ns[0]), ha = median(ns[1]), mb = median(ns[2]), ma = median(ns[3]);
        System.out.printf("city home: before %.1f µs, after %.1f µs, after/before %.3f%n", hb / 1000, ha / 1000, ha / hb);
        System.out.printf("my page:   before %.1f µs, after %.1f µs, after/before %.3f%n", mb / 1000, ma / 1000, ma / mb);
        System.out.printf("(median of %d rounds x %d renders; sizes home %d/%d bytes)%n", rounds, perRound,
                Legacy.home(city, notices).length(), HomePage.render(ja, city, notices, false).length());
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** A body of my page's shape and size (headings, a definition list, a table, links), escaped as MyPages does. */
    private static String myPageBody() {
        StringBuilder b = new StringBuilder("<h1>マイページ</h1><p>").append(Html.escape("尼崎 太郎")).append(" さん</p>");
        b.append("<h2>登録情報</h2><dl>");
        for (String[] kv : new String[][] {{"氏名", "尼崎 太郎"}, {"生年月日", "昭和60年4月1日（1985年4月1日）"}, {"住所", "兵庫県尼崎市東七松町1-23-1"},
                {"電話", "06-6375-0000"}, {"メール", "taro@example.jp"}, {"言語", "日本語"}}) {
            b.append("<dt>").append(kv[0]).append("</dt><dd>").append(Html.escape(kv[1])).append("</dd>");
        }
        b.append("</dl><h2>受けられる可能性のある制度</h2><div class=\"table-wrap\"><table><caption>制度</caption><thead><tr>"
                + "<th scope=\"col\">制度</th><th scope=\"col\">理由</th></tr></thead><tbody>");
        for (int i = 0; i < 8; i++) {
            b.append("<tr><th scope=\"row\"><a href=\"/c/282022/programmes/p").append(i).append("\">")
                    .append(Html.escape("児童手当 " + i)).append("</a></th><td>").append(Html.escape("中学生までのお子さんがいるため")).append("</td></tr>");
        }
        b.append("</tbody></table></div><h2>お知らせ</h2><p><a href=\"/c/282022/me/inbox\">未読 3件</a></p>");
        return b.toString();
    }

    /** The baseline: main's string-building frame and city home before issue 11 (copied, not used by the app). */
    static final class Legacy {

        static String home(City city, List<Notice> published) {
            String base = "/c/" + Html.escape(city.code()) + "/";
            StringBuilder b = new StringBuilder();
            b.append("<h1>").append(Html.escape(city.name())).append(" 総合サービスポータル").append("</h1><p>")
                    .append(Html.escape(city.prefecture() + city.name()) + "の手続き・相談・お知らせの窓口です。").append("</p>");
            b.append("<h2>").append("用件から探す").append("</h2><ul class=\"tiles\">");
            tile(b, base + "ask", "AIコンシェルジュに質問する", "24時間、市の案内をもとにお答えします。");
            tile(b, base + "life-events", "くらしの出来事から探す", "出生・引越しなど、必要な手続きを順番にご案内します。");
            tile(b, base + "inquiries/new", "問い合わせる", "担当の職員がお答えします。受付番号で状況を確認できます。");
            tile(b, base + "me", "マイページ", "プロフィール、世帯、受けられる制度、お知らせ、問い合わせの状況。");
            b.append("</ul>");
            b.append("<h2>").append("お知らせ").append("</h2><ul class=\"notices\">");
            for (Notice n : published) {
                b.append("<li><strong>").append(Html.escape(n.title())).append("</strong><br>").append(Html.escape(n.body())).append("</li>");
            }
            b.append("</ul>");
            return frame("ja", city.name() + " 総合サービスポータル", city,
                    "<style>.tiles{list-style:none;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}"
                            + ".tiles li{border:1px solid #ccc;border-radius:8px;padding:1rem}.tiles a{font-weight:700;font-size:1.125rem}"
                            + ".tiles p{margin:.25rem 0 0}</style>" + b);
        }

        private static void tile(StringBuilder b, String href, String label, String text) {
            b.append("<li><a href=\"").append(href).append("\">").append(label).append("</a><p>").append(text).append("</p></li>");
        }

        static String frame(String lang, String title, City city, String mainHtml) {
            boolean en = "en".equals(lang);
            String primary = "#0017c1";
            String secondary = "#00118f";
            StringBuilder header = new StringBuilder();
            String home = "/c/" + Html.escape(city.code()) + "/";
            header.append("<a class=\"brand\" href=\"").append(home).append("\">");
            header.append(Html.escape(city.name())).append("</a>");
            header.append("<nav aria-label=\"").append(en ? "Site" : "サイト内").append("\"><ul>")
                    .append("<li><a href=\"").append(home).append("\">").append(en ? "Home" : "ホーム").append("</a></li>")
                    .append("<li><a href=\"").append(home).append("ask\">").append(en ? "Ask AI" : "AIに質問").append("</a></li>")
                    .append("<li><a href=\"").append(home).append("me\">").append(en ? "My page" : "マイページ").append("</a></li>");
            header.append("</ul></nav>");
            String other = en ? "ja" : "en";
            header.append("<p class=\"lang-switch\"><a href=\"").append(Html.escape("/c/282022/?lang=" + other)).append("\" lang=\"").append(other)
                    .append("\" hreflang=\"").append(other).append("\">").append(en ? "日本語" : "English").append("</a></p>");
            return "<!DOCTYPE html><html lang=\"" + Html.escape(lang) + "\"><head><meta charset=\"UTF-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + Html.escape(title) + "</title>"
                    + "<style>" + css(primary, secondary) + "</style></head>"
                    + "<body><a class=\"skip\" href=\"#main\">" + (en ? "Skip to content" : "本文へ移動") + "</a><header>" + header + "</header>"
                    + "<main id=\"main\" tabindex=\"-1\">" + mainHtml + "</main>"
                    + "<footer><small>" + (en ? "Kyodo — the shared service platform of municipalities" : "Kyodo 共同 — 自治体共同利用型サービス基盤")
                    + "</small></footer></body></html>";
        }

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

    static {
        Ui.words("ja");
    }
}
