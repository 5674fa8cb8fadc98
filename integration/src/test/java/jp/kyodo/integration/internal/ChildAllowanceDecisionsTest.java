package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.DecidedApplications.Decided;
import org.junit.jupiter.api.Test;

/** Which decided applications the 児童手当 system takes, and the message it receives. */
class ChildAllowanceDecisionsTest {

    private static final List<String> PROCEDURES = new IntegrationConfig().childAllowanceProcedures();

    private static String event(String procedure, String status, String id) {
        return Json.createObjectBuilder().add("city", "221007").add("applicationId", id).add("receptionNumber", "R-1")
                .add("procedureId", procedure).add("status", status).build().toString();
    }

    @Test
    void onlyApprovedChildAllowanceApplicationsAreTaken() {
        UUID id = UUID.randomUUID();
        assertEquals(List.of("jido-teate-nintei", "jido-teate-gakukaitei"), PROCEDURES, "defaults in code");
        assertEquals(Optional.of(id), ChildAllowanceDecisions.takes(event("jido-teate-nintei", "APPROVED", id.toString()), PROCEDURES));
        assertEquals(Optional.of(id), ChildAllowanceDecisions.takes(event("jido-teate-gakukaitei", "APPROVED", id.toString()), PROCEDURES));
        assertEquals(Optional.empty(), ChildAllowanceDecisions.takes(event("jido-teate-nintei", "REJECTED", id.toString()), PROCEDURES));
        assertEquals(Optional.empty(), ChildAllowanceDecisions.takes(event("sodai-gomi", "APPROVED", id.toString()), PROCEDURES));
    }

    @Test
    void anUnreadableEventIsPermanent() {
        assertThrows(Failures.Permanent.class, () -> ChildAllowanceDecisions.takes("not json", PROCEDURES));
        assertThrows(Failures.Permanent.class, () -> ChildAllowanceDecisions.takes(event("jido-teate-nintei", "APPROVED", "x"),
                PROCEDURES));
    }

    @Test
    void theMessageCarriesTheClaimantTheChildrenInOrderAndEveryAnswer() {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("applicant.fullName", "試験 太郎");
        answers.put("children[1].fullName", "試験 次郎");
        answers.put("children[0].fullName", "試験 花子");
        answers.put("children[10].fullName", "試験 十一");
        answers.put("bank.accountNumber", "1234567");
        answers.put("applicant.employer", null);
        UUID id = UUID.randomUUID();
        Decided d = new Decided(id, "221007-0001", "jido-teate-nintei", "児童手当 認定請求", ApplicationStatus.APPROVED,
                "試験 太郎", null, OffsetDateTime.parse("2026-12-01T10:00:00+09:00"),
                OffsetDateTime.parse("2026-12-03T10:00:00+09:00"), "確認しました", answers);
        JsonObject m = Json.createReader(new StringReader(ChildAllowanceDecisions.message("221007", d))).readObject();
        assertEquals(id.toString(), m.getString("applicationId"));
        assertEquals("221007", m.getString("lgCode"));
        assertEquals("221007-0001", m.getString("receptionNumber"));
        assertEquals("APPROVED", m.getString("decision"));
        assertEquals("試験 太郎", m.getJsonObject("claimant").getString("fullName"));
        assertEquals(List.of("試験 花子", "試験 次郎", "試験 十一"), m.getJsonArray("children").getValuesAs(JsonObject.class)
                .stream().map(c -> c.getString("fullName")).toList(), "rows in numeric order");
        assertEquals("1234567", m.getJsonObject("answers").getString("bank.accountNumber"));
        assertTrue(!m.getJsonObject("answers").containsKey("applicant.employer"), "a missing answer is left out");
        assertEquals("確認しました", m.getString("reason"));
    }
}
