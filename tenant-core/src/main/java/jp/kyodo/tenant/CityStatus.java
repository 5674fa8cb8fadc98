package jp.kyodo.tenant;

/** Where a city is in its lifecycle. Only ACTIVE cities are served. */
public enum CityStatus {
    /** Being created; a repeated create finishes it. */
    PROVISIONING,
    ACTIVE,
    /** Temporarily closed by the vendor: every request is refused, data kept. */
    SUSPENDED,
    /**
     * Deletion approved by a second vendor: nothing is served any more and the purge runs (and is retried)
     * until every part of the city is gone; then DELETED.
     */
    DELETING,
    /** Purged after export; the row stays (until the code is onboarded again, with a new id) so the code's history is known. */
    DELETED
}
