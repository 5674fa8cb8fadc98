package jp.kyodo.portal.profile;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.portal.notices.NoticeService;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.pages.Text;

/**
 * マイページ ({@code /c/<code>/me}, {@code pages/me.jte}): who is signed in, the menu of the citizen's own pages with
 * the number of unread messages, and the city's notices (all notices, drafts marked, for the city's staff).
 */
@Path("")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class MyPage {

    /** Role → its message key, most privileged first. */
    static final Map<String, String> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("city-admin", "me.role.cityAdmin");
        ROLES.put("staff", "me.role.staff");
        ROLES.put("operator", "me.role.operator");
        ROLES.put("citizen", "me.role.citizen");
        ROLES.put("vendor", "me.role.vendor");
        ROLES.put("national-analyst", "me.role.nationalAnalyst");
    }

    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CitizenRecords records;
    @Inject
    NoticeService notices;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    @Path("c/{code}/me")
    public Response me(@PathParam("code") String code) {
        City city = tenant.city();
        // the citizen's own data in one statement, first: the language below takes the preferred language from the same
        // profile row, kept in the transaction, instead of reading it on its own
        CitizenRecords.MyPageData mine = records.myPage();
        Optional<Profile> profile = mine.profile();
        // what CitizenLanguage would answer, from the row just read
        language.profileLanguage(CitizenLanguage.of(identity, profile));
        Text t = language.text(PortalPages.MESSAGES);
        boolean staffView = identity.hasRole("staff") || identity.hasRole("city-admin") || identity.hasRole("operator");
        List<String> roles = new ArrayList<>();
        ROLES.forEach((role, key) -> {
            if (identity.hasRole(role)) {
                roles.add(t.plain(key));
            }
        });
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", "/c/" + city.code() + "/");
        params.put("name", profile.map(Profile::fullName).orElseGet(() -> SignedIn.displayName(request, identity.username())));
        params.put("username", identity.username());
        params.put("place", city.prefecture() + city.name());
        params.put("roles", String.join(t.plain("me.roles.separator"), roles));
        params.put("hasProfile", profile.isPresent());
        params.put("unread", mine.unreadMessages());
        params.put("staffView", staffView);
        params.put("cityName", city.name());
        params.put("notices", notices.list(!staffView));
        params.put("business", SignedIn.business(request).orElse(null));
        params.put("verified", mine.verified().orElse(null));
        String html = PageShell.page(t.tag(), t.plain("me.title") + " — " + city.name(), city,
                PortalPages.TEMPLATES.content("pages/me.jte", params), null);
        return Response.ok(html).build();
    }
}
