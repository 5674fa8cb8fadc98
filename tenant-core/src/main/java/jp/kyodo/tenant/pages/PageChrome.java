package jp.kyodo.tenant.pages;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsService;

/**
 * What the page frame takes from the current request: the city's branding (its settings: display name, colours,
 * logo) and whether someone is signed in. Read at most once per request; the frame works without it (defaults) so a
 * page can always be rendered, even an error page before the city is known.
 */
@RequestScoped
public class PageChrome {

    private static final Logger LOG = Logger.getLogger(PageChrome.class.getName());

    @Inject
    TenantContext tenant;
    @Inject
    CitySettingsService settings;
    @Inject
    RequestIdentity identity;
    @Inject
    PageLanguage language;

    private CitySettings branding;

    /** The chrome of the request being served, or empty outside a request (unit tests, background work). */
    static Optional<PageChrome> current() {
        if (noContainer) {
            return Optional.empty();
        }
        try {
            return Optional.of(jp.kyodo.tenant.web.ClientProxies.of(PageChrome.class));
        } catch (IllegalStateException e) {
            // no CDI provider at all (unit tests, the render benchmark): remembered, an exception per page is costly
            noContainer = e.getMessage() != null && e.getMessage().startsWith("Unable to locate CDIProvider");
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static volatile boolean noContainer;

    /** The branding of the request's city; another city's (or none bound) gets that city's defaults. */
    CitySettings branding(City city) {
        Optional<City> bound = tenant.current();
        if (bound.isEmpty() || !bound.get().id().equals(city.id())) {
            return CitySettings.defaults(city.name());
        }
        if (branding == null) {
            try {
                branding = settings.current();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "no settings for city " + city.code() + ", defaults used", e);
                branding = CitySettings.defaults(city.name());
            }
        }
        return branding;
    }

    boolean signedIn() {
        return !"anonymous".equals(identity.username());
    }

    PageLanguage language() {
        return language;
    }

    boolean hasAnyRole(String... roles) {
        for (String r : roles) {
            if (identity.hasRole(r)) {
                return true;
            }
        }
        return false;
    }

    String username() {
        return identity.username();
    }
}
