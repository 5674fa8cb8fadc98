package jp.kyodo.integration.connectors;

import java.time.OffsetDateTime;

/** A city's connector as shown to its administrator: the secret itself is never returned, only whether it is set. */
public record ConnectorView(String partner, String label, boolean outbound, boolean configured, boolean enabled,
                            String endpoint, String account, boolean secretSet, int pollSeconds,
                            OffsetDateTime updatedAt, String updatedBy) {
}
