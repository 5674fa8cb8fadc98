package jp.kyodo.portal.pages;

import java.lang.reflect.Method;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * Render cost of three pages before issue 11 (string building: main's frame with its inline stylesheet, the city home's,
 * my page's and the staff queue's StringBuilder code, copied below and in crm's {@code StaffQueueRender} as the
 * baseline) and after (jte templates: the frame, {@code HomePage}, {@code pages/me.jte}, crm's {@code staff/list.jte}
 * in the staff frame), in one JVM, alternating order, as ratios. Run with {@code bench/pages [rounds] [renders]}; the
 * staff queue needs crm's test classes on the class path (the script puts them there).
 */
public final class PagesBench {

    private static volatile int sink;

    public static void main(String[] args) throws Exception {
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
        Map<String, Object> me = new HashMap<>();
        me.put("t", ja);
        me.put("base", "/c/282022/");
        me.put("name", "尼崎 太郎");
        me.put("username", "citizen-282022");
        me.put("place", "兵庫県尼崎市");
        me.put("roles", "住民");
        me.put("hasProfile", true);
        me.put("unread", 3L);
        me.put("staffView", false);
        me.put("cityName", city.name());
        me.put("notices", notices);

        // the staff queue lives in crm (its templates and frame are package-private there): crm's test helper
        Class<?> staff = Class.forName("jp.kyodo.crm.pages.StaffQueueRender");
        Object cases = staff.getMethod("cases", int.class).invoke(null, 25);
        Method staffBefore = staff.getMethod("before", City.class, String.class, List.class, BiFunction.class);
        Method staffAfter = staff.getMethod("after", City.class, String.class, List.class);
        BiFunction<String, String, String> oldFrame = (title, body) -> Legacy.frame("ja", title, city, body);

        List<String> names = List.of("city home", "my page", "staff queue");
        List<Runnable> before = List.of(
                () -> sink += Legacy.home(city, notices).length(),
                () -> sink += Legacy.me(city, "尼崎 太郎", "citizen-282022", 3, notices).length(),
                () -> sink += ((String) call(staffBefore, city, "オペレーター窓口", cases, oldFrame)).length());
        List<Runnable> after = List.of(
                () -> sink += HomePage.render(ja, city, notices, false).length(),
                () -> sink += PageShell.page("ja", ja.plain("me.title") + " — " + city.name(), city,
                        PortalPages.TEMPLATES.content("pages/me.jte", me), null).length(),
                () -> sink += ((String) call(staffAfter, city, "オペレーター窓口", cases)).length());
        List<Runnable> all = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            all.add(before.get(k));
            all.add(after.get(k));
        }
        for (Runnable r : all) {
            for (int i = 0; i < perRound; i++) {
                r.run();
            }
        }
        double[][] ns = new double[all.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            // alternate the order so that neither side always runs on a warmer machine
            for (int k = 0; k < all.size(); k++) {
                int which = round % 2 == 0 ? k : all.size() - 1 - k;
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    all.get(which).run();
                }
                ns[which][round] = (System.nanoTime() - t0) / (double) perRound;
            }
        }
        for (int k = 0; k < names.size(); k++) {
            double b = median(ns[2 * k]);
            double a = median(ns[2 * k + 1]);
            System.out.printf(Locale.ROOT, "RESULT %-11s before %6.1f µs, after %6.1f µs, after/before %.3f%n", names.get(k) + ":",
                    b / 1000, a / 1000, a / b);
        }
        System.out.printf(Locale.ROOT, "(median of %d rounds x %d renders; bytes before/after: home %d/%d, my page %d/%d, staff queue %d/%d)%n",
                rounds, perRound, Legacy.home(city, notices).length(), HomePage.render(ja, city, notices, false).length(),
                Legacy.me(city, "尼崎 太郎", "citizen-282022", 3, notices).length(),
                PageShell.page("ja", "t", city, PortalPages.TEMPLATES.content("pages/me.jte", me), null).length(),
                ((String) call(staffBefore, city, "オペレーター窓口", cases, oldFrame)).length(),
                ((String) call(staffAfter, city, "オペレーター窓口", cases)).length());
        if (sink == 42) {
            System.out.println();
        }
    }

    private static Object call(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The baseline: main's string-building frame and city home before issue 11 (copied, not used by the app). */
    static final class Legacy {

        /** main's my page (Japanese, before issue 11): its StringBuilder body in the old frame, with the sign-out form. */
        static String me(City city, String name, String username, long unread, List<Notice> notices) {
            String c = "/c/" + escape(city.code());
            StringBuilder b = new StringBuilder("<h1>").append("マイページ").append("</h1>");
            b.append("<dl class=\"record\"><dt>").append("お名前").append("</dt><dd>").append(escape(name))
                    .append("</dd><dt>").append("ユーザー名").append("</dt><dd>").append(escape(username))
                    .append("</dd><dt>").append("自治体").append("</dt><dd>")
                    .append(escape(city.prefecture() + city.name()))
                    .append("</dd><dt>").append("役割").append("</dt><dd>").append(escape("住民"))
                    .append("</dd></dl>");
            b.append("<nav aria-labelledby=\"menu-title\"><h2 id=\"menu-title\">").append("メニュー").append("</h2><ul>")
                    .append("<li><a href=\"").append(c).append("/me/inbox\">").append("お知らせ（受信箱）").append("</a>")
                    .append(unread > 0 ? "：<strong>未読 " + unread + " 件</strong>" : "：未読はありません").append("</li>")
                    .append("<li><a href=\"").append(c).append("/me/profile\">").append("登録情報（プロフィール）").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/me/household\">").append("世帯の情報").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/me/programmes\">").append("受けられそうな制度・手当").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/life-events\">").append("くらしの出来事から手続きを探す").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/inquiries\">").append("お問い合わせ").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/ask\">").append("AIコンシェルジュに質問する").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/me/consents\">").append("同意の確認・変更").append("</a></li>")
                    .append("<li><a href=\"").append(c).append("/me/security\">").append("2段階認証（サインインの安全性）").append("</a></li>")
                    .append("</ul></nav>");
            b.append("<h2>").append(escape(city.name()) + "からのお知らせ").append("</h2><ul>");
            for (Notice n : notices) {
                b.append("<li>").append(escape(n.title())).append(n.published() ? "" : "（下書き）").append("</li>");
            }
            b.append("</ul>").append("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"_token\" value=\"")
                    .append(escape("tok")).append("\"><button type=\"submit\">ログアウト</button></form>");
            return frame("ja", "マイページ", city, b.toString());
        }

        static String home(City city, List<Notice> published) {
            String base = "/c/" + escape(city.code()) + "/";
            StringBuilder b = new StringBuilder();
            b.append("<h1>").append(escape(city.name())).append(" 総合サービスポータル").append("</h1><p>")
                    .append(escape(city.prefecture() + city.name()) + "の手続き・相談・お知らせの窓口です。").append("</p>");
            b.append("<h2>").append("用件から探す").append("</h2><ul class=\"tiles\">");
            tile(b, base + "ask", "AIコンシェルジュに質問する", "24時間、市の案内をもとにお答えします。");
            tile(b, base + "life-events", "くらしの出来事から探す", "出生・引越しなど、必要な手続きを順番にご案内します。");
            tile(b, base + "inquiries/new", "問い合わせる", "担当の職員がお答えします。受付番号で状況を確認できます。");
            tile(b, base + "me", "マイページ", "プロフィール、世帯、受けられる制度、お知らせ、問い合わせの状況。");
            b.append("</ul>");
            b.append("<h2>").append("お知らせ").append("</h2><ul class=\"notices\">");
            for (Notice n : published) {
                b.append("<li><strong>").append(escape(n.title())).append("</strong><br>").append(escape(n.body())).append("</li>");
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
            String home = "/c/" + escape(city.code()) + "/";
            header.append("<a class=\"brand\" href=\"").append(home).append("\">");
            header.append(escape(city.name())).append("</a>");
            header.append("<nav aria-label=\"").append(en ? "Site" : "サイト内").append("\"><ul>")
                    .append("<li><a href=\"").append(home).append("\">").append(en ? "Home" : "ホーム").append("</a></li>")
                    .append("<li><a href=\"").append(home).append("ask\">").append(en ? "Ask AI" : "AIに質問").append("</a></li>")
                    .append("<li><a href=\"").append(home).append("me\">").append(en ? "My page" : "マイページ").append("</a></li>");
            header.append("</ul></nav>");
            String other = en ? "ja" : "en";
            header.append("<p class=\"lang-switch\"><a href=\"").append(escape("/c/282022/?lang=" + other)).append("\" lang=\"").append(other)
                    .append("\" hreflang=\"").append(other).append("\">").append(en ? "日本語" : "English").append("</a></p>");
            return "<!DOCTYPE html><html lang=\"" + escape(lang) + "\"><head><meta charset=\"UTF-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + escape(title) + "</title>"
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

    /** main's {@code Html.escape} (gone from the application), for the baseline only. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
