package jp.kyodo.tenant.settings;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a city changes without code: its name on the portal, colours, logo, languages, modules.
 * Colours must keep 4.5:1 contrast against white text (checked when saved).
 */
public record CitySettings(
        @NotBlank @Size(max = 100) String displayName,
        @NotBlank @Pattern(regexp = "#[0-9a-fA-F]{6}", message = "色は #RRGGBB 形式で指定してください") String primaryColor,
        @NotBlank @Pattern(regexp = "#[0-9a-fA-F]{6}", message = "色は #RRGGBB 形式で指定してください") String secondaryColor,
        @Size(max = 500) @Pattern(regexp = "(https?://|/).*", message = "ロゴは http(s):// または / で始まる URL です") String logoUrl,
        @NotEmpty List<@Pattern(regexp = "ja|en|zh|ko|vi|ja-easy", message = "未対応の言語です") String> languages,
        @NotEmpty List<@Pattern(regexp = "portal|crm|agents|integration", message = "未知のモジュールです") String> enabledModules) {

    public static final List<String> DEFAULT_LANGUAGES = List.of("ja", "en");
    public static final List<String> DEFAULT_MODULES = List.of("portal", "crm", "agents");

    public static CitySettings defaults(String cityName) {
        return new CitySettings(cityName, "#0017c1", "#00118f", null, DEFAULT_LANGUAGES, DEFAULT_MODULES);
    }

    public boolean moduleEnabled(String module) {
        return enabledModules.contains(module);
    }
}
