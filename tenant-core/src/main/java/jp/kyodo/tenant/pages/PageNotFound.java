package jp.kyodo.tenant.pages;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.TenantContext;

/**
 * Every unknown page path gets a real 404 page, in the city's frame when the path is under {@code /c/<code>/} of an
 * active city (its branding, navigation and language switcher), in Kyodo's frame otherwise. Only for the pages
 * application; the API answers problem documents.
 */
@Provider
public class PageNotFound implements ExceptionMapper<NotFoundException> {

    private static final Pattern CITY_PATH = Pattern.compile("^/?c/([^/]+)(/.*)?$");

    @Inject
    CityDirectory directory;
    @Inject
    TenantContext tenant;
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(NotFoundException e) {
        City city = city().orElse(null);
        String tag = PageChrome.current().map(c -> c.language().tag()).orElse(Languages.JAPANESE);
        Text t = PageShell.FRAME.in(tag);
        String home = city == null ? "/" : "/c/" + city.code() + "/";
        String html = PageShell.frame(tag, t.plain("notFound.title"), city,
                PageShell.TEMPLATES.content("frame/notFound.jte", Map.of("t", t, "home", home)), null);
        return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    private Optional<City> city() {
        if (tenant.current().isPresent()) {
            return tenant.current();
        }
        Matcher m = uri == null ? null : CITY_PATH.matcher(uri.getPath());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        Optional<City> city = directory.byCode(m.group(1)).filter(City::isActive);
        city.ifPresent(tenant::bind);
        return city;
    }
}
