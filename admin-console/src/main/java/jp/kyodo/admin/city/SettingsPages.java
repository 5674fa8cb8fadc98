package jp.kyodo.admin.city;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.admin.pages.AdminPages;
import jp.kyodo.admin.pages.CityAdminOnly;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsService;
import jp.kyodo.tenant.settings.Modules;

/**
 * The city administrator's settings page ({@code /c/<code>/admin/settings}): the name shown on the portal, the two
 * colours (white text on each must reach 4.5:1 — checked here on every save, and live by a small static script when
 * the browser runs it), the languages offered and the modules switched on. A switched-off module is gone from the
 * navigation and its pages and APIs answer 404 for this city ({@code ModuleGate}).
 */
@Path("c/{code}/admin/settings")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@CityAdminOnly
public class SettingsPages {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    static final double MIN_CONTRAST = 4.5;
    /** Each module's name on the page, by message key. */
    private static final Map<String, String> MODULE_NAMES = Map.of("portal", "settings.module.portal",
            "crm", "settings.module.crm", "agents", "settings.module.agents", "integration", "settings.module.integration");

    @Inject
    TenantContext tenant;
    @Inject
    CitySettingsService settings;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    public Response show(@PathParam("code") String code, @QueryParam("saved") String saved) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        CitySettings s = settings.current();
        FormState form = FormState.empty().value("displayName", s.displayName()).value("primaryColor", s.primaryColor())
                .value("secondaryColor", s.secondaryColor());
        return render(200, t, city, form, s.languages(), s.enabledModules(), saved != null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("code") String code) throws Exception {
        MultivaluedMap<String, String> posted = AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        String name = posted.getFirst("displayName") == null ? "" : posted.getFirst("displayName").strip();
        String primary = colour(posted.getFirst("primaryColor"));
        String secondary = colour(posted.getFirst("secondaryColor"));
        List<String> languages = chosen(posted.get("languages"), Languages.TAGS);
        List<String> modules = new ArrayList<>(List.of("portal"));
        modules.addAll(chosen(posted.get("modules"), Modules.SWITCHABLE));
        FormState form = FormState.empty().value("displayName", name).value("primaryColor", primary)
                .value("secondaryColor", secondary);
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            form.error("displayName", t.t("form.expired"));
        }
        if (name.isEmpty()) {
            form.error("displayName", t.t("settings.displayName.missing"));
        } else if (name.length() > 100) {
            form.error("displayName", t.t("settings.displayName.tooLong"));
        }
        colourError(t, form, "primaryColor", primary);
        colourError(t, form, "secondaryColor", secondary);
        if (!languages.contains(Languages.JAPANESE)) {
            form.error("languages", t.t("settings.languages.japanese"));
        }
        if (form.hasErrors()) {
            return render(400, t, city, form, languages, modules, false);
        }
        CitySettings current = settings.current();
        settings.update(new CitySettings(name, primary, secondary, current.logoUrl(), languages, modules));
        return Response.seeOther(URI.create("/c/" + city.code() + "/admin/settings?saved=1")).build();
    }

    /** The contrast ratio of white text on a colour, rounded down to one decimal (4.49 is not 4.5). */
    static String ratio(String colour) {
        double r = CitySettingsService.contrastAgainstWhite(colour);
        return String.format(Locale.ROOT, "%.1f", Math.floor(r * 10) / 10);
    }

    private static void colourError(Text t, FormState form, String field, String value) {
        if (!COLOUR.matcher(value).matches()) {
            form.error(field, t.t("settings.colour.format"));
        } else if (CitySettingsService.contrastAgainstWhite(value) < MIN_CONTRAST) {
            form.error(field, t.t("settings.colour.lowContrast", ratio(value)));
        }
    }

    private static String colour(String posted) {
        String c = posted == null ? "" : posted.strip();
        return c.length() == 6 && COLOUR.matcher("#" + c).matches() ? "#" + c : c;
    }

    private static List<String> chosen(List<String> posted, List<String> allowed) {
        Set<String> in = posted == null ? Set.of() : new LinkedHashSet<>(posted);
        return allowed.stream().filter(in::contains).toList();
    }

    private Response render(int status, Text t, City city, FormState form, List<String> languages, List<String> modules,
                            boolean saved) {
        List<Ui.Option> languageOptions = new ArrayList<>();
        for (String tag : Languages.TAGS) {
            languageOptions.add(new Ui.Option(tag, Ui.text(Languages.nativeName(tag)), false));
        }
        List<Ui.Option> moduleOptions = new ArrayList<>();
        moduleOptions.add(new Ui.Option("portal", t.t(MODULE_NAMES.get("portal")), true));
        for (String m : Modules.SWITCHABLE) {
            moduleOptions.add(new Ui.Option(m, t.t(MODULE_NAMES.get(m)), false));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("action", "/c/" + city.code() + "/admin/settings");
        p.put("request", request);
        p.put("saved", saved);
        p.put("languageOptions", languageOptions);
        p.put("languages", languages);
        p.put("moduleOptions", moduleOptions);
        p.put("modules", modules);
        p.put("primaryRatio", contrast(form.value("primaryColor")));
        p.put("secondaryRatio", contrast(form.value("secondaryColor")));
        return AdminPages.page(status, t, t.plain("settings.title"), city, "city/settings.jte", p);
    }

    /** The ratio shown under a colour field, or null when the value is not a colour. */
    private static String contrast(String colour) {
        return COLOUR.matcher(colour).matches() ? ratio(colour) : null;
    }
}
