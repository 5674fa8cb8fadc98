package jp.kyodo.tenant.lifecycle;

/** One entry of the catalogue of Japan's municipalities and wards (CC0 data, see docs/data-sources.md). */
public record Municipality(String code, String prefecture, String name, String nameKana, String url) {
}
