package jp.kyodo.tenant.lifecycle;

import java.time.OffsetDateTime;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.internal.CityRow;

/**
 * Where a city's deletion stands: requested (by one vendor, awaiting a second vendor's approval), under way
 * ({@code DELETING}: the purge has run {@code purgeAttempts} times, {@code purgeError} says why the last one
 * stopped) or done ({@code DELETED}).
 */
public record CityDeletion(String code, String status, boolean requested, String requestedBy,
                           OffsetDateTime requestedAt, String approvedBy, int purgeAttempts, String purgeError) {

    static CityDeletion of(CityRow r) {
        boolean underway = r.status == CityStatus.DELETING || r.status == CityStatus.DELETED;
        return new CityDeletion(r.code, r.status.name(), r.deletionRequestedBy != null, r.deletionRequestedBy,
                r.deletionRequestedAt, underway ? r.deletionApprovedBy : null, r.purgeAttempts, r.purgeError);
    }
}
