package jp.kyodo.tenant.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsChanged;

/**
 * Keeps each city's Keycloak organization carrying the city's branding, which Kyodo's sign-in theme
 * ({@code deploy/keycloak/themes/kyodo}) shows: display name, primary colour and logo. Updated after a settings change
 * commits; a Keycloak failure is logged and leaves the sign-in pages with the previous branding (the settings change
 * itself stands).
 */
@ApplicationScoped
public class SignInBranding {

    private static final Logger LOG = Logger.getLogger(SignInBranding.class.getName());

    @Inject
    KeycloakAdmin keycloak;

    /** The organization attributes of a city: its code (how Kyodo finds the organization) and its branding. */
    public static Map<String, String> attributes(String code, CitySettings settings) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("lgCode", code);
        a.put("displayName", settings.displayName());
        a.put("primaryColor", settings.primaryColor());
        a.put("logoUrl", settings.logoUrl() == null ? "" : settings.logoUrl());
        return a;
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) CitySettingsChanged event) {
        try {
            keycloak.findOrganization(event.city().code()).ifPresent(orgId -> {
                Map<String, String> a = attributes(event.city().code(), event.settings());
                a.remove("lgCode");
                keycloak.setOrganizationAttributes(orgId, a);
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sign-in branding of city " + event.city().code() + " not updated in Keycloak", e);
        }
    }
}
