package jp.kyodo.tenant.settings;

import jp.kyodo.tenant.City;

/** A CDI event fired in the transaction that changed a city's settings. */
public record CitySettingsChanged(City city, CitySettings settings) {
}
