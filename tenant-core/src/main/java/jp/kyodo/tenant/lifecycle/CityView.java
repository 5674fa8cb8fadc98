package jp.kyodo.tenant.lifecycle;

import java.time.OffsetDateTime;

/**
 * A city as the vendor sees it. {@code adminInitialPassword} is filled only in the answer to the
 * create call that generated it (temporary: to be changed at first sign-in).
 */
public record CityView(String code, String name, String nameKana, String prefecture, String status,
                       String portalHost, OffsetDateTime createdAt, OffsetDateTime lastExportedAt,
                       boolean created, String adminUsername, String adminInitialPassword) {
}
