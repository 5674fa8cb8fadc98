package jp.kyodo.tenant.settings.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;
import jp.kyodo.tenant.settings.CitySettings;

/** Storage of a city's settings row. */
@Entity
@Table(name = "city_settings")
public class CitySettingsRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "primary_color")
    public String primaryColor;
    @Column(name = "secondary_color")
    public String secondaryColor;
    @Column(name = "logo_url")
    public String logoUrl;
    public String languages;
    @Column(name = "enabled_modules")
    public String enabledModules;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public CitySettings toSettings() {
        return new Columns(displayName, primaryColor, secondaryColor, logoUrl, languages, enabledModules).toSettings();
    }

    /** The row's columns as stored (read by another statement, e.g. {@code kyodo_session_role_in_city_with_settings}). */
    public record Columns(String displayName, String primaryColor, String secondaryColor, String logoUrl,
                          String languages, String enabledModules) {
        public CitySettings toSettings() {
            return new CitySettings(displayName, primaryColor, secondaryColor, logoUrl,
                    Arrays.asList(languages.split(",")), Arrays.asList(enabledModules.split(",")));
        }
    }

    public void apply(CitySettings s) {
        displayName = s.displayName();
        primaryColor = s.primaryColor();
        secondaryColor = s.secondaryColor();
        logoUrl = s.logoUrl();
        languages = String.join(",", s.languages());
        enabledModules = String.join(",", s.enabledModules());
        updatedAt = OffsetDateTime.now();
    }
}
