package jp.kyodo.portal.profile;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/** What the citizen's own pages (profile, household, inquiries) hand every template, and their answer in the frame. */
public final class CitizenPages {

    private CitizenPages() {
    }

    /** The messages ({@code t}), the components' words ({@code words}), the city's base path and the request (for forms). */
    public static Map<String, Object> params(Text t, City city, HttpServletRequest request) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("base", "/c/" + city.code() + "/");
        p.put("cityName", city.name());
        p.put("request", request);
        return p;
    }

    /** A portal template in the city's frame, with this status. */
    public static Response page(Text t, City city, String title, String template, Map<String, Object> params, int status) {
        String html = PageShell.page(t.tag(), title + " — " + city.name(), city, PortalPages.TEMPLATES.content(template, params), null);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
