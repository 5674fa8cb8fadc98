package jp.kyodo.tenant.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Paths of pages and APIs map to the module a city can switch off; everything else to none. */
class ModulesTest {

    @Test
    void pagesOfACityMapByTheRestOfTheirPath() {
        assertEquals(Optional.of("agents"), Modules.of("c/131016/ask"));
        assertEquals(Optional.of("agents"), Modules.of("/c/131016/admin/knowledge/entries/x"));
        assertEquals(Optional.of("crm"), Modules.of("c/131016/staff/cases/K-1"));
        assertEquals(Optional.of("crm"), Modules.of("c/131016/inquiries/new"));
    }

    @Test
    void apisMapByTheirPath() {
        assertEquals(Optional.of("agents"), Modules.of("v1/concierge/ask"));
        assertEquals(Optional.of("agents"), Modules.of("/v1/knowledge"));
        assertEquals(Optional.of("crm"), Modules.of("v1/cases/queues"));
        assertEquals(Optional.of("crm"), Modules.of("v1/my/inquiries"));
    }

    @Test
    void thePortalAndTheCitysOwnSettingsAreNeverSwitchedOff() {
        for (String p : new String[] {"c/131016/", "c/131016", "c/131016/me", "c/131016/admin/settings", "c/131016/asking",
                "c/131016/staffroom", "v1/city/settings", "v1/members", "v1/me", "v1/notices", "vendor/", "national/", ""}) {
            assertEquals(Optional.empty(), Modules.of(p), p);
        }
    }
}
