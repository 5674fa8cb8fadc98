package jp.kyodo.admin.pages;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.kyodo.admin.national.internal.CityStatistics;
import jp.kyodo.tenant.lifecycle.CityLifecycle;
import jp.kyodo.tenant.lifecycle.CityView;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;

/** The vendor's list of cities and the national statistics, as pages (sign-in without a city). */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class PlatformPages {

    @Inject
    SecurityContext security;
    @Inject
    CityLifecycle lifecycle;
    @Inject
    CityStatistics statistics;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    @GET
    @Path("vendor/")
    public Response vendor() throws Exception {
        Response gate = gate("vendor");
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        StringBuilder rows = new StringBuilder();
        for (CityView c : lifecycle.list()) {
            rows.append("<tr><td>").append(Html.escape(c.code())).append("</td><td>").append(Html.escape(c.prefecture()))
                    .append("</td><td><a href=\"/c/").append(Html.escape(c.code())).append("/\">").append(Html.escape(c.name()))
                    .append("</a></td><td>").append(Html.escape(c.status())).append("</td></tr>");
        }
        return Response.ok(PageShell.render("ja", "運営事業者 — 自治体一覧", null,
                "<h1>自治体一覧</h1><p>この基盤を利用している自治体です。追加・停止・書き出しは API（/api/v1/cities）で行います。</p>"
                        + "<table><caption>自治体</caption><thead><tr><th scope=\"col\">コード</th><th scope=\"col\">都道府県</th>"
                        + "<th scope=\"col\">名称</th><th scope=\"col\">状態</th></tr></thead><tbody>" + rows + "</tbody></table>"
                        + PageShell.signOutForm())).build();
    }

    @GET
    @Path("national/")
    public Response national() throws Exception {
        Response gate = gate("national-analyst");
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        StringBuilder rows = new StringBuilder();
        for (CityStatistics.Row r : statistics.perCity()) {
            rows.append("<tr><td>").append(Html.escape(r.prefecture() + r.name())).append("</td><td>").append(r.citizens())
                    .append("</td><td>").append(r.staff()).append("</td><td>").append(r.noticesPublished()).append("</td><td>")
                    .append(r.auditEvents30d()).append("</td></tr>");
        }
        return Response.ok(PageShell.render("ja", "全国集計", null,
                "<h1>全国集計</h1><p>自治体ごとの件数です。個人を特定できる情報は含みません。</p>"
                        + "<table><caption>自治体別の利用状況</caption><thead><tr><th scope=\"col\">自治体</th><th scope=\"col\">市民アカウント</th>"
                        + "<th scope=\"col\">職員アカウント</th><th scope=\"col\">公開中のお知らせ</th><th scope=\"col\">直近30日の操作</th></tr></thead><tbody>"
                        + rows + "</tbody></table>" + PageShell.signOutForm())).build();
    }

    /** Null when the caller holds the role; otherwise a sign-in redirect (response committed) or a 403 page. */
    private Response gate(String role) throws Exception {
        if (security.getCallerPrincipal() == null) {
            security.authenticate(request, response, withParams());
            return null;
        }
        if (!security.isCallerInRole(role)) {
            return Response.status(403).entity(PageShell.render("ja", "権限がありません", null,
                    "<h1>権限がありません</h1><p>このページを見る権限がありません。 You lack the role for this page.</p>" + PageShell.signOutForm()))
                    .build();
        }
        return null;
    }

}
