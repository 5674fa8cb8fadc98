package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.portal.notices.NoticeService;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsService;

/** The platform's front page (the cities on this deployment) and each city's portal home (templates pages/*.jte). */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class HomePage {

    @Inject
    CityDirectory directory;
    @Inject
    NoticeService notices;
    @Inject
    PageLanguage language;
    @Inject
    CitySettingsService settings;

    @GET
    public String index(@QueryParam("signedout") String signedOut) {
        Text t = language.text(PortalPages.MESSAGES);
        return PageShell.page(t.tag(), t.plain("index.title"), null,
                PortalPages.TEMPLATES.content("pages/index.jte", Map.of("t", t, "cities", directory.active())),
                signedOut == null ? null : PageShell.SIGNED_OUT);
    }

    @GET
    @Path("c/{code}/")
    public Response city(@PathParam("code") String code, @QueryParam("signedout") String signedOut) {
        City city = directory.byCode(code).filter(City::isActive).orElse(null);
        if (city == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        Text t = language.text(PortalPages.MESSAGES);
        List<Notice> published = notices.list(true);
        String html = render(t, city, published.subList(0, Math.min(10, published.size())), signedOut != null,
                modules());
        return Response.ok(html).build();
    }

    private List<String> modules() {
        try {
            return settings.current().enabledModules();
        } catch (jp.kyodo.tenant.problem.ProblemException e) {
            return CitySettings.DEFAULT_MODULES;
        }
    }

    /** The city home in a language with the default modules (also used by the render benchmark). */
    public static String render(Text t, City city, List<Notice> notices, boolean signedOut) {
        return render(t, city, notices, signedOut, CitySettings.DEFAULT_MODULES);
    }

    /** The city home in a language: tiles only for the modules the city has switched on. */
    public static String render(Text t, City city, List<Notice> notices, boolean signedOut, List<String> modules) {
        var main = PortalPages.TEMPLATES.content("pages/home.jte", Map.of("t", t, "city", city, "notices", notices,
                "modules", modules));
        String title = t.plain("home.title", city.name());
        return PageShell.page(t.tag(), title, city, main, signedOut ? PageShell.SIGNED_OUT : null);
    }
}
