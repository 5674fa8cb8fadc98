package jp.kyodo.tenant.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * An import writes only the columns a row names (the others take their defaults; the file's tenant id and unknown keys
 * never reach the SQL), and hands personal rows to the accounts it creates, never to an account the file merely
 * names: member rows get the new Keycloak ids, and every subject column follows its member (or becomes NULL when no
 * member of the file had that id).
 */
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


    static JsonObject tables() {
        return Json.createObjectBuilder()
                .add("city_member", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "m1").add("username", "taro").add("keycloak_user_id", "old-taro"))
                        .add(Json.createObjectBuilder().add("id", "m2").add("username", "hana").add("keycloak_user_id", "old-hana")))
                .add("citizen_profile", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "p1").add("username", "taro").add("citizen_subject", "old-taro"))
                        .add(Json.createObjectBuilder().add("id", "p2").add("username", "gone").add("citizen_subject", "old-gone"))
                        .add(Json.createObjectBuilder().add("id", "p3").add("username", "hana")
                                .add("citizen_subject", "victim-in-this-deployment"))
                        .add(Json.createObjectBuilder().add("id", "p4").addNull("citizen_subject")))
                .add("application", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "a1").add("applicant", "hana").add("applicant_subject", "old-hana")))
                .add("concierge_conversation", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "c1").add("owner", "subject:old-taro"))
                        .add(Json.createObjectBuilder().add("id", "c2").add("owner", "subject:old-gone"))
                        .add(Json.createObjectBuilder().add("id", "c3").add("owner", "session:abc")))
                .add("notice", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "n1").add("title", "subject:x")))
                .build();
    }

    @Test
    void subjectsFollowTheirMembersToTheNewAccounts() {
        JsonObject out = CityDataTransfer.remapMembers(tables(), Map.of("taro", "new-taro", "hana", "new-hana"));
        assertEquals("new-taro", out.getJsonArray("city_member").getJsonObject(0).getString("keycloak_user_id"));
        assertEquals("new-hana", out.getJsonArray("city_member").getJsonObject(1).getString("keycloak_user_id"));
        var profiles = out.getJsonArray("citizen_profile");
        assertEquals("new-taro", profiles.getJsonObject(0).getString("citizen_subject"));
        assertEquals("taro", profiles.getJsonObject(0).getString("username"), "the name stays as text");
        assertEquals(JsonValue.NULL, profiles.getJsonObject(1).get("citizen_subject"), "a person who had left: nobody's");
        assertEquals(JsonValue.NULL, profiles.getJsonObject(2).get("citizen_subject"),
                "a subject id that no member of the file had is never used (it could name an account here)");
        assertEquals(JsonValue.NULL, profiles.getJsonObject(3).get("citizen_subject"));
        assertEquals("new-hana", out.getJsonArray("application").getJsonObject(0).getString("applicant_subject"));
        var talks = out.getJsonArray("concierge_conversation");
        assertEquals("subject:new-taro", talks.getJsonObject(0).getString("owner"));
        assertEquals("subject:", talks.getJsonObject(1).getString("owner"), "matches no signed-in person");
        assertEquals("session:abc", talks.getJsonObject(2).getString("owner"));
        assertEquals("subject:x", out.getJsonArray("notice").getJsonObject(0).getString("title"), "other columns untouched");
    }

    @Test
    void aMemberWithoutANewAccountIsRefused() {
        assertThrows(IllegalStateException.class, () -> CityDataTransfer.remapMembers(tables(), Map.of("taro", "new-taro")));
    }

    @Test
    void withoutMembersEverySubjectIsCleared() {
        JsonObject t = Json.createObjectBuilder(tables()).remove("city_member").build();
        JsonObject out = CityDataTransfer.remapMembers(t, Map.of());
        assertTrue(out.getJsonArray("citizen_profile").stream()
                .allMatch(v -> v.asJsonObject().get("citizen_subject") == JsonValue.NULL));
    }
}
