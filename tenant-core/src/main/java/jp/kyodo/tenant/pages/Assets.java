package jp.kyodo.tenant.pages;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * The design system's static files, served by the application and cached by browsers: {@code /assets/kyodo.css}
 * (the Digital Agency's published tokens, {@code @digital-go-jp/design-tokens}, followed by Kyodo's components written
 * with them), {@code /assets/brand.css} (a city's two colours as custom properties, from the URL) and the favicon.
 * The stylesheet's URL carries a hash of its content, so it is cached for a year and a new build is fetched at once.
 */
@Path("")
public class Assets {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{6}");

    @Context
    Request request;

    @GET
    @Path("assets/kyodo.css")
    public Response stylesheet() {
        EntityTag tag = new EntityTag(DesignSystem.ETAG);
        Response.ResponseBuilder unchanged = request == null ? null : request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(year()).build();
        }
        return Response.ok(DesignSystem.CSS, "text/css;charset=UTF-8").tag(tag).cacheControl(year()).build();
    }

    /** A city's colours (each checked at save for 4.5:1 against white), e.g. {@code ?p=0017c1&s=00118f}. */
    @GET
    @Path("assets/brand.css")
    public Response brand(@QueryParam("p") String primary, @QueryParam("s") String secondary) {
        String p = primary != null && HEX.matcher(primary).matches() ? primary : "0017c1";
        String s = secondary != null && HEX.matcher(secondary).matches() ? secondary : "00118f";
        return Response.ok(":root{--brand:#" + p + ";--brand-dark:#" + s + "}\n", "text/css;charset=UTF-8")
                .cacheControl(year()).build();
    }

    @GET
    @Path("assets/favicon.svg")
    public Response favicon() {
        return Response.ok(DesignSystem.FAVICON, "image/svg+xml").cacheControl(year()).build();
    }

    /** Browsers that ask for the old name get the SVG's address. */
    @GET
    @Path("favicon.ico")
    public Response faviconIco() {
        return Response.status(301).location(URI.create("/assets/favicon.svg")).build();
    }

    private static CacheControl year() {
        return CacheControl.valueOf("public, max-age=31536000, immutable");
    }
}
