package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.portal.notices.NoticeService;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;

/** The platform's front page (the cities on this deployment) and each city's portal home. */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class HomePage {

    @Inject
    CityDirectory directory;
    @Inject
    NoticeService notices;
    @Inject
    PageLanguage language;

    @GET
    public String index() {
        StringBuilder list = new StringBuilder("<ul class=\"city-list\">");
        for (City c : directory.active()) {
            list.append("<li><a href=\"/c/").append(Html.escape(c.code())).append("/\">")
                    .append(Html.escape(c.prefecture() + " " + c.name())).append("</a></li>");
        }
        list.append("</ul>");
        return PageShell.render("ja", "Kyodo 共同 — 自治体サービス基盤", null,
                "<h1>Kyodo 共同</h1><p>自治体を選んでください。 Choose your city.</p>" + list);
    }

    @GET
    @Path("c/{code}/")
    public Response city(@PathParam("code") String code) {
        City city = directory.byCode(code).filter(City::isActive).orElse(null);
        if (city == null) {
            return Response.status(404).entity(PageShell.render("ja", "見つかりません", null,
                    "<h1>ページが見つかりません</h1><p>この自治体のポータルはありません。 No portal for this city.</p>"
                            + "<p><a href=\"/\">トップへ戻る</a></p>")).build();
        }
        PageLanguage l = language;
        String base = "/c/" + Html.escape(city.code()) + "/";
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(city.name())).append(l.pick(" 総合サービスポータル", " — city services portal"))
                .append("</h1><p>").append(l.pick(Html.escape(city.prefecture() + city.name()) + "の手続き・相談・お知らせの窓口です。",
                        "Procedures, questions and notices of " + Html.escape(city.name()) + " in one place."))
                .append("</p>");
        b.append("<h2>").append(l.pick("用件から探す", "What would you like to do?")).append("</h2><ul class=\"tiles\">");
        tile(b, base + "ask", l.pick("AIコンシェルジュに質問する", "Ask the AI concierge"),
                l.pick("24時間、市の案内をもとにお答えします。", "Answers from the city's own information, any time."));
        tile(b, base + "life-events", l.pick("くらしの出来事から探す", "Find by life event"),
                l.pick("出生・引越しなど、必要な手続きを順番にご案内します。", "Birth, moving and more: the procedures in order."));
        tile(b, base + "inquiries/new", l.pick("問い合わせる", "Contact the city"),
                l.pick("担当の職員がお答えします。受付番号で状況を確認できます。", "Staff answer; follow it with your reception number."));
        tile(b, base + "me", l.pick("マイページ", "My page"),
                l.pick("プロフィール、世帯、受けられる制度、お知らせ、問い合わせの状況。",
                        "Profile, household, programmes for you, inbox and your inquiries."));
        b.append("</ul>");
        List<Notice> published = notices.list(true);
        b.append("<h2>").append(l.pick("お知らせ", "Notices")).append("</h2>");
        if (published.isEmpty()) {
            b.append("<p>").append(l.pick("現在お知らせはありません。", "No notices at the moment.")).append("</p>");
        } else {
            b.append("<ul class=\"notices\">");
            for (Notice n : published.subList(0, Math.min(10, published.size()))) {
                b.append("<li><strong>").append(Html.escape(n.title())).append("</strong><br>")
                        .append(Html.escape(n.body())).append("</li>");
            }
            b.append("</ul>");
        }
        return Response.ok(PageShell.renderTranslated(l.lang(), l.pick(city.name() + " 総合サービスポータル",
                city.name() + " city services portal"), city,
                "<style>.tiles{list-style:none;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}"
                        + ".tiles li{border:1px solid #ccc;border-radius:8px;padding:1rem}.tiles a{font-weight:700;font-size:1.125rem}"
                        + ".tiles p{margin:.25rem 0 0}</style>" + b)).build();
    }

    private static void tile(StringBuilder b, String href, String label, String text) {
        b.append("<li><a href=\"").append(href).append("\">").append(label).append("</a><p>").append(text).append("</p></li>");
    }
}
