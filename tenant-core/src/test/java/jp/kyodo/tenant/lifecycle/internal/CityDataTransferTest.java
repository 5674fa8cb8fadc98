package jp.kyodo.tenant.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

class CityDataTransferTest {

    private static final List<String> MEMBER = List.of("id", "keycloak_user_id", "username", "display_name", "email",
            "role", "created_at");

    @Test
    void aRowWritesOnlyTheColumnsItNamesSoTheOthersTakeTheirDefaults() {
        String sql = CityDataTransfer.insertStatement("city_member", MEMBER,
                Set.of("id", "keycloak_user_id", "username", "display_name", "role"));
        assertEquals("INSERT INTO \"city_member\" (tenant_id, \"id\", \"keycloak_user_id\", \"username\", \"display_name\","
                + " \"role\") SELECT kyodo_current_tenant(), \"id\", \"keycloak_user_id\", \"username\", \"display_name\","
                + " \"role\" FROM jsonb_populate_record(NULL::\"city_member\", ?::jsonb)", sql);
    }

    @Test
    void theFilesTenantIdAndUnknownKeysNeverReachTheStatement() {
        String sql = CityDataTransfer.insertStatement("city_member", MEMBER,
                Set.of("id", "tenant_id", "role\"); DROP TABLE city; --", "created_at"));
        assertEquals("INSERT INTO \"city_member\" (tenant_id, \"id\", \"created_at\") SELECT kyodo_current_tenant(),"
                + " \"id\", \"created_at\" FROM jsonb_populate_record(NULL::\"city_member\", ?::jsonb)", sql);
        assertFalse(sql.contains("DROP"));
    }

    @Test
    void aRowNamingNoColumnIsRefused() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> CityDataTransfer.insertStatement("city_member", MEMBER, Set.of("nonsense")));
        assertEquals(400, e.status());
    }
}
