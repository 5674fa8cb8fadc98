package jp.kyodo.agents.lifeevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a photo must pass before the OCR program runs, and what happens when the program is missing, fails or hangs:
 * a refusal with its own problem type, never a 5xx, and a hanging program is killed at the time limit.
 */
class CertificatePhotosTest {

    @TempDir
    Path dir;

    static CertificatePhotos photos(String binary, int timeoutSeconds) {
        CertificatePhotos p = new CertificatePhotos();
        p.tesseract = binary;
        p.languages = "jpn";
        p.maxBytes = 1 << 20;
        p.maxPixels = 25_000_000;
        p.timeoutSeconds = timeoutSeconds;
        p.concurrency = 1;
        p.perCity = 1;
        p.tenant = new jp.kyodo.tenant.TenantContext();
        p.tenant.bind(new jp.kyodo.tenant.City(java.util.UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県",
                jp.kyodo.tenant.CityStatus.ACTIVE, null));
        return p;
    }

    /** A PNG signature and IHDR with these dimensions (nothing after it: never decoded). */
    static byte[] pngHeader(int w, int h) {
        return ByteBuffer.allocate(40).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'})
                .putInt(w).putInt(h).array();
    }

    @Test
    void withoutTesseractReadingIsUnavailableAndSaysSo() {
        CertificatePhotos p = photos(dir.resolve("no-such-tesseract").toString(), 5);
        assertFalse(p.available());
        ProblemException e = assertThrows(ProblemException.class, () -> p.read(pngHeader(10, 10)));
        assertEquals(503, e.status());
        assertEquals("photo-reading-unavailable", e.type());
    }

    @Test
    void onlyPhotosOfBoundedSizeAndPixelsReachTheProgram() throws Exception {
        Path marker = dir.resolve("ran");
        CertificatePhotos p = photos(script("touch " + marker + "\nexit 1").toString(), 5);
        assertTrue(p.available());
        assertEquals("photo-type", assertThrows(ProblemException.class, () -> p.read("%PDF-1.7\nnot a photo".getBytes())).type());
        assertEquals(415, assertThrows(ProblemException.class, () -> p.read("<svg onload=x>".repeat(3).getBytes())).status());
        ProblemException big = assertThrows(ProblemException.class, () -> p.read(pngHeader(30_000, 30_000)));
        assertEquals(413, big.status());
        assertEquals(413, assertThrows(ProblemException.class, () -> p.read(new byte[(1 << 20) + 1])).status());
        assertEquals(413, assertThrows(ProblemException.class, () -> p.read(new byte[0])).status());
        assertFalse(Files.exists(marker), "the program never ran for a refused file");
        // a program that fails: unreadable (422), not a server error
        ProblemException failed = assertThrows(ProblemException.class, () -> p.read(pngHeader(100, 100)));
        assertEquals(422, failed.status());
        assertTrue(Files.exists(marker), "a photo that passed reached the program");
    }

    @Test
    void aHangingProgramIsKilledAtTheTimeLimit() throws Exception {
        Path pid = dir.resolve("pid");
        CertificatePhotos p = photos(script("echo $$ > " + pid + "\nexec sleep 60").toString(), 1);
        long start = System.nanoTime();
        ProblemException e = assertThrows(ProblemException.class, () -> p.read(pngHeader(100, 100)));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals("photo-unreadable", e.type());
        assertTrue(took < 30_000, "returned at the limit, not when the program ended: " + took + " ms");
        long id = Long.parseLong(Files.readString(pid).strip());
        // killed: wait (with a deadline) for the process to be gone
        var handle = ProcessHandle.of(id);
        if (handle.isPresent()) {
            handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false), "the program was killed");
    }

    private Path script(String body) throws Exception {
        Path s = dir.resolve("tesseract-" + System.nanoTime());
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }
}
