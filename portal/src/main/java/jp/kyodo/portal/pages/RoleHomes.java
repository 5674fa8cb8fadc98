package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import jp.kyodo.crm.pages.StaffOnly;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Each role's home, so that nobody lands on a blank 404: {@code /c/<code>/staff} lists the contact centre's tools for
 * operators, staff and city admins; {@code /c/<code>/admin} lists the city administration's pages for city admins.
 * The frame links to them from every page (マイページ included) when the person holds the role.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class RoleHomes {

    @Inject
    TenantContext tenant;
    @Inject
    PageLanguage language;
    @jakarta.ws.rs.core.Context
    SecurityContext security;

    @GET
    @Path("c/{code}/staff")
    @StaffOnly
    public String staff(@PathParam("code") String code) {
        return home("pages/staffHome.jte", "staffHome.title");
    }

    @GET
    @Path("c/{code}/admin")
    @StaffOnly
    @StaffOnly.CityAdmin
    public String admin(@PathParam("code") String code) {
        return home("pages/adminHome.jte", "adminHome.title");
    }

    private String home(String template, String titleKey) {
        City city = tenant.city();
        Text t = language.text(PortalPages.MESSAGES);
        boolean admin = security != null && security.isUserInRole("city-admin");
        return PageShell.page(t.tag(), t.plain(titleKey), city,
                PortalPages.TEMPLATES.content(template, Map.of("t", t, "base", "/c/" + city.code() + "/", "admin", admin)), null);
    }
}
