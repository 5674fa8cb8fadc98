package jp.kyodo.portal.profile;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.ProfileLanguage;

/**
 * The signed-in citizen's preferred language from their profile (マイページ → プロフィール), for pages opened without
 * {@code ?lang=} or the language cookie. Asked at most once per request, only for a citizen of the bound city.
 */
@RequestScoped
public class CitizenLanguage implements ProfileLanguage {

    private static final Logger LOG = Logger.getLogger(CitizenLanguage.class.getName());

    @Inject
    CitizenRecords records;
    @Inject
    RequestIdentity identity;
    @Inject
    TenantContext tenant;

    /**
     * This rule applied to a profile the page has read itself (マイページ reads it with the citizen's other data, so the
     * language needs no look-up of its own): a citizen's own profile's supported language, nothing for anyone else.
     */
    static Optional<String> of(RequestIdentity identity, Optional<Profile> profile) {
        return identity.hasRole("citizen") ? profile.map(Profile::language).map(Languages::supported) : Optional.empty();
    }

    @Override
    public Optional<String> preferred() {
        if (!identity.hasRole("citizen") || tenant.current().isEmpty()) {
            return Optional.empty();
        }
        try {
            return of(identity, records.myProfile());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "no profile language", e);
            return Optional.empty();
        }
    }
}
