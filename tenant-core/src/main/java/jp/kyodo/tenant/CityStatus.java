package jp.kyodo.tenant;

/** Where a city is in its lifecycle. Only ACTIVE cities are served. */
public enum CityStatus {
    /** Being created; a repeated create finishes it. */
    PROVISIONING,
    ACTIVE,
    /** Temporarily closed by the vendor: every request is refused, data kept. */
    SUSPENDED,
    /** Purged after export; the row stays so the code's history is known. */
    DELETED
}
