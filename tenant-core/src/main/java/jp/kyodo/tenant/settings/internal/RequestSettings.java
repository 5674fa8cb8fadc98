package jp.kyodo.tenant.settings.internal;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import jp.kyodo.tenant.settings.CitySettings;

/**
 * The city's settings as read once in this request (the module gate, the page frame's branding and the page itself
 * all ask): kept for the request only and only for the city it was read for, never across requests or cities. On a
 * signed-in city page they are read by the statement that checks the page session and the role
 * ({@code CityRoles.sessionAndRole}, migration V21) and put here; otherwise by {@code CitySettingsService.current()}.
 */
@RequestScoped
public class RequestSettings {

    private UUID tenant;
    private CitySettings settings;

    public CitySettings get(UUID city) {
        return city.equals(tenant) ? settings : null;
    }

    public void put(UUID city, CitySettings read) {
        tenant = city;
        settings = read;
    }

    public void clear() {
        tenant = null;
        settings = null;
    }
}
