package jp.kyodo.crm.applications.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.applications.ApplicationView.FileInfo;
import org.junit.jupiter.api.Test;

class SignedDocumentTest {

    private static ApplicationRow row(String answers) {
        ApplicationRow r = new ApplicationRow();
        r.id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        r.procedureId = "282022-card";
        r.procedureVersionId = UUID.fromString("00000000-0000-0000-0000-000000000002");
        r.applicantSubject = "subject-1";
        r.answers = answers;
        return r;
    }

    private static FileInfo file(String requirement, String sha, String kind) {
        return new FileInfo(UUID.randomUUID().toString(), requirement, "a.pdf", "application/pdf", 10, sha, kind, null);
    }

    @Test
    void theSameApplicationGivesTheSameBytesWhateverTheOrderOfAnswersAndFiles() {
        byte[] a = SignedDocument.bytes("282022", row("{\"b\":\"2\",\"a\":\"1\"}"),
                List.of(file("x", "11", "CITIZEN"), file("w", "22", "CITIZEN")));
        byte[] b = SignedDocument.bytes("282022", row("{\"a\":\"1\",\"b\":\"2\"}"),
                List.of(file("w", "22", "CITIZEN"), file("x", "11", "CITIZEN")));
        assertArrayEquals(a, b);
        String text = new String(a, StandardCharsets.UTF_8);
        assertTrue(text.indexOf("\"a\"") < text.indexOf("\"b\""), text);
        assertEquals(64, SignedDocument.sha256Hex(a).length());
    }

    @Test
    void anyChangeOfAnAnswerADocumentOrTheCityChangesTheDigest() {
        String base = SignedDocument.sha256Hex(SignedDocument.bytes("282022", row("{\"a\":\"1\"}"),
                List.of(file("x", "11", "CITIZEN"))));
        assertNotEquals(base, SignedDocument.sha256Hex(SignedDocument.bytes("282022", row("{\"a\":\"2\"}"),
                List.of(file("x", "11", "CITIZEN")))));
        assertNotEquals(base, SignedDocument.sha256Hex(SignedDocument.bytes("282022", row("{\"a\":\"1\"}"),
                List.of(file("x", "12", "CITIZEN")))));
        assertNotEquals(base, SignedDocument.sha256Hex(SignedDocument.bytes("132039", row("{\"a\":\"1\"}"),
                List.of(file("x", "11", "CITIZEN")))));
        // a quote inside a value cannot forge another key
        assertFalse(new String(SignedDocument.bytes("282022", row("{\"a\":\"1\\\",\\\"b\\\":\\\"2\"}"), List.of()),
                StandardCharsets.UTF_8).contains("\"b\":\"2\""));
        // the city's own files (a result notice) are not part of what the citizen signed
        assertEquals(base, SignedDocument.sha256Hex(SignedDocument.bytes("282022", row("{\"a\":\"1\"}"),
                List.of(file("x", "11", "CITIZEN"), file(null, "99", "STAFF")))));
    }
}
