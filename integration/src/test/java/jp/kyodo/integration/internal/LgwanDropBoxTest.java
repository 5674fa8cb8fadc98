package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The internet side of the LGWAN drop box: whole files with done-files, per city; results read and removed. */
class LgwanDropBoxTest {

    @TempDir
    Path root;

    private LgwanDropBox box(String dir) {
        LgwanDropBox b = new LgwanDropBox();
        b.config = new IntegrationConfig();
        b.config.lgwanDropDir = dir;
        return b;
    }

    @Test
    void aMessageIsWrittenWholeThenMarkedDoneAndWritingItAgainReplacesIt() throws Exception {
        LgwanDropBox b = box(root.toString());
        b.send("221007", "m1.json", "{\"a\":1}");
        b.send("221007", "m1.json", "{\"a\":2}");
        Path send = root.resolve("221007/send");
        assertEquals("{\"a\":2}", Files.readString(send.resolve("m1.json")));
        assertTrue(Files.exists(send.resolve("m1.json.done")));
        try (var files = Files.list(send)) {
            assertEquals(List.of("m1.json", "m1.json.done"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
    }

    @Test
    void onlyCompleteResultsAreReadAndRemovedAfterwards() throws Exception {
        LgwanDropBox b = box(root.toString());
        Path receive = Files.createDirectories(root.resolve("221007/receive"));
        Files.writeString(receive.resolve("a.result.json"), "{\"x\":1}");
        Files.writeString(receive.resolve("a.result.json.done"), "");
        Files.writeString(receive.resolve("b.result.json"), "{\"x\":2}"); // no done-file yet: still being written
        var results = b.results("221007", 10);
        assertEquals(1, results.size());
        assertEquals("a.result.json", results.get(0).name());
        b.remove("221007", "a.result.json");
        assertFalse(Files.exists(receive.resolve("a.result.json")));
        assertFalse(Files.exists(receive.resolve("a.result.json.done")));
        assertTrue(b.results("331007", 10).isEmpty(), "another city's folder is its own");
    }

    @Test
    void withoutAFolderNothingIsDeliveredAndNamesAreChecked() {
        assertThrows(Failures.Transient.class, () -> box(" ").send("221007", "m.json", "{}"));
        assertThrows(Failures.Permanent.class, () -> box(root.toString()).send("../etc", "m.json", "{}"));
        assertThrows(Failures.Permanent.class, () -> box(root.toString()).send("221007", "../m.json", "{}"));
    }

    @Test
    void resultsAreReadOrRefusedAsPermanent() {
        UUID id = UUID.randomUUID();
        var r = LgwanResults.read("{\"messageId\":\"" + id + "\",\"status\":\"REJECTED\",\"stage\":\"gateway\",\"reason\":\"x\"}");
        assertTrue(r.rejected());
        assertEquals(id, r.outboxId());
        var ok = LgwanResults.read("{\"messageId\":\"evil\",\"status\":\"ACCEPTED\",\"reason\":null}");
        assertFalse(ok.rejected());
        assertNull(ok.outboxId());
        assertThrows(Failures.Permanent.class, () -> LgwanResults.read("<xml/>"));
        assertThrows(Failures.Permanent.class, () -> LgwanResults.read("{\"messageId\":\"a\",\"status\":\"MAYBE\"}"));
    }
}
