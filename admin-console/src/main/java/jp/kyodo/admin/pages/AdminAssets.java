package jp.kyodo.admin.pages;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The console's one script, a static file (the content security policy forbids inline scripts): live contrast
 * feedback on the city settings page. The page works without it; the server checks the colours on every save.
 */
@Path("")
public class AdminAssets {

    static final byte[] CONTRAST_JS = read("jp/kyodo/admin/pages/assets/contrast.js");

    @GET
    @Path("assets/admin/contrast.js")
    public Response contrast() {
        return Response.ok(CONTRAST_JS, "text/javascript;charset=UTF-8")
                .cacheControl(CacheControl.valueOf("public, max-age=3600")).build();
    }

    private static byte[] read(String name) {
        try (InputStream in = AdminAssets.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
