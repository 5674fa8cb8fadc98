package jp.kyodo.portal.profile;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.crm.citizens.CitizenRecords;
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

    @Override
    public Optional<String> preferred() {
        if (!identity.hasRole("citizen") || tenant.current().isEmpty()) {
            return Optional.empty();
        }
        try {
            return records.myProfile().map(p -> p.language()).map(Languages::supported);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "no profile language", e);
            return Optional.empty();
        }
    }
}
