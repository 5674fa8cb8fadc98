package jp.kyodo.deploy.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The server-rendered pages (context root /): citizen portal, staff and admin pages. */
@ApplicationPath("/")
public class KyodoPages extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(jp.kyodo.portal.pages.HomePage.class);
    }
}
