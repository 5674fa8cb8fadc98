package jp.kyodo.tenant.internal;

import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/** Tells the in-memory registry ({@link CityRegistryCache}) that a city row was inserted, changed or removed. */
public class CityRowListener {

    @PostPersist
    @PostUpdate
    @PostRemove
    void changed(CityRow row) {
        CityRegistryCache.changed();
    }
}
