package jp.kyodo.tenant;

import java.util.UUID;

/**
 * A municipality (自治体) using this deployment: one tenant.
 *
 * @param id        the tenant id stored in every tenant row
 * @param code      the 6-digit local-government code (全国地方公共団体コード), also the Keycloak organization alias
 * @param name      official name, e.g. 尼崎市
 * @param prefecture prefecture name, e.g. 兵庫県
 * @param status    lifecycle state
 */
public record City(UUID id, String code, String name, String nameKana, String prefecture, CityStatus status,
                   String portalHost) {

    public boolean isActive() {
        return status == CityStatus.ACTIVE;
    }

    /** The prefecture code: the first two digits of the local-government code. */
    public String prefectureCode() {
        return code.substring(0, 2);
    }
}
