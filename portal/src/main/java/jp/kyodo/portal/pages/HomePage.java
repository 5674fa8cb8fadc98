package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;

/** The platform's front page (the cities on this deployment) and each city's portal home. */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class HomePage {

    @Inject
    CityDirectory directory;

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
        return Response.ok(PageShell.render("ja", city.name() + " 総合サービスポータル", city,
                "<h1>" + Html.escape(city.name()) + " 総合サービスポータル</h1>"
                        + "<p>" + Html.escape(city.prefecture() + city.name()) + "の手続き・相談・お知らせの窓口です。</p>"
                        + "<ul><li><a href=\"/c/" + Html.escape(city.code()) + "/life-events\">くらしの出来事から手続きを探す</a></li>"
                        + "<li><a href=\"/c/" + Html.escape(city.code()) + "/ask\">AIコンシェルジュに質問する</a></li>"
                        + "<li><a href=\"/c/" + Html.escape(city.code()) + "/me\">マイページ（サインイン）</a></li></ul>")).build();
    }
}
