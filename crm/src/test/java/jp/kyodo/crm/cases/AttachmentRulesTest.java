package jp.kyodo.crm.cases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import jp.kyodo.crm.cases.internal.FileTypes;
import org.junit.jupiter.api.Test;

class AttachmentRulesTest {

    static final long MB = 1024 * 1024;
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static final byte[] PDF = "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0};

    @Test
    void typesAreDetectedByTheirBytesNotTheirNames() {
        assertEquals(Optional.of("application/pdf"), FileTypes.detect(PDF));
        assertEquals(Optional.of("image/png"), FileTypes.detect(PNG));
        assertEquals(Optional.of("image/jpeg"), FileTypes.detect(JPEG));
        assertEquals(Optional.of("text/plain"), FileTypes.detect("住民票の写しについて\r\n\tよろしく".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("text/plain"), FileTypes.detect(("\uFEFFBOM付き").getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), FileTypes.detect(EXE), "an executable is refused whatever its name");
        assertEquals(Optional.empty(), FileTypes.detect("申請".getBytes(java.nio.charset.Charset.forName("Shift_JIS"))),
                "Shift_JIS text is not UTF-8");
        assertEquals(Optional.empty(), FileTypes.detect("a\u0000b".getBytes(StandardCharsets.UTF_8)), "NUL is binary");
        assertEquals(Optional.empty(), FileTypes.detect("<html>\u001b[31m".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), FileTypes.detect(new byte[] {'%', 'P', 'D'}) .filter(t -> !t.equals("text/plain")),
                "a truncated magic number is at most text");
        assertEquals(Optional.empty(), FileTypes.detect(new byte[0]));
    }

    @Test
    void namesAreSanitised() {
        assertEquals("申請書.pdf", FileTypes.sanitize("C:\\Users\\me\\申請書.pdf"));
        assertEquals("passwd", FileTypes.sanitize("../../etc/passwd"));
        assertEquals("a_b_.txt", FileTypes.sanitize("a\"b\r\n.txt").replace("__", "_"));
        assertEquals("htaccess", FileTypes.sanitize(".htaccess"));
        assertEquals("file", FileTypes.sanitize("  "));
        assertEquals("file", FileTypes.sanitize(null));
        assertEquals("ガ.txt", FileTypes.sanitize("ガ.txt"), "NFC");
        String longName = "あ".repeat(300) + ".pdf";
        String kept = FileTypes.sanitize(longName);
        assertEquals(200, kept.codePointCount(0, kept.length()));
        assertTrue(kept.endsWith(".pdf"));
        assertFalse(FileTypes.sanitize("x\u202Efdp.exe").contains("\u202E"), "no bidi override");
    }

    @Test
    void aStreamIsReadOnlyToTheLimitPlusOneByte() throws IOException {
        InputStream small = new ByteArrayInputStream(new byte[(int) (5 * MB)]);
        Upload ok = AttachmentRules.read("ok.pdf", small, 5 * MB);
        assertEquals(5 * MB, ok.size());
        assertFalse(ok.tooLarge());

        InputStream big = new ByteArrayInputStream(new byte[(int) (7 * MB + 200_000)]);
        Upload tooBig = AttachmentRules.read("big.pdf", big, 5 * MB);
        assertTrue(tooBig.tooLarge());
        assertNull(tooBig.bytes(), "nothing kept beyond the limit");
        assertEquals(7 * MB + 200_000, tooBig.size(), "the rest is counted, not kept");
    }

    @Test
    void rulesRefuseWithAMessageNamingTheFile() {
        long max = 5 * MB;
        var tooLarge = assertThrows(AttachmentRejected.class,
                () -> AttachmentRules.check(List.of(new Upload("x.pdf", (long) (7.2 * MB) - 1000, null)), max, 3));
        assertEquals(413, tooLarge.status());
        assertEquals("attachment-too-large", tooLarge.type());
        assertEquals("ファイル『x.pdf』は 7.2 MB です。1 ファイル 5 MB までです。", tooLarge.messageJa());
        assertEquals("x.pdf", tooLarge.extensions().get("file"));

        var justOver = assertThrows(AttachmentRejected.class,
                () -> AttachmentRules.check(List.of(upload("y.pdf", new byte[(int) max + 1])), max, 3));
        assertEquals("ファイル『y.pdf』は 5.1 MB です。1 ファイル 5 MB までです。", justOver.messageJa(), "over never reads as 5 MB");

        var type = assertThrows(AttachmentRejected.class, () -> AttachmentRules.check(List.of(upload("setup.pdf", EXE)), max, 3));
        assertEquals(415, type.status());
        assertEquals("attachment-type", type.type());
        assertTrue(type.messageJa().contains("setup.pdf"));

        var empty = assertThrows(AttachmentRejected.class, () -> AttachmentRules.check(List.of(upload("e.txt", new byte[0])), max, 3));
        assertEquals(400, empty.status());
        assertEquals("empty-attachment", empty.type());

        var many = assertThrows(AttachmentRejected.class, () -> AttachmentRules.check(List.of(upload("1.png", PNG),
                upload("2.png", PNG), upload("3.png", PNG), upload("4.png", PNG)), max, 3));
        assertEquals(400, many.status());
        assertEquals("too-many-attachments", many.type());
        assertEquals("4.png", many.fileName());
    }

    @Test
    void aPngNamedPdfIsStoredAsPng() {
        var checked = AttachmentRules.check(List.of(upload("photo.pdf", PNG), upload("a.txt", "abc".getBytes())), 5 * MB, 3);
        assertEquals("image/png", checked.get(0).contentType());
        assertEquals("photo.pdf", checked.get(0).fileName());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", checked.get(1).sha256());
        assertArrayEquals(PNG, checked.get(0).bytes());
        assertEquals(List.of(), AttachmentRules.check(List.of(), 5 * MB, 3));
    }

    @Test
    void sizesReadForPeople() {
        assertEquals("1 KB", AttachmentRules.readable(10));
        assertEquals("820 KB", AttachmentRules.readable(820 * 1024));
        assertEquals("5 MB", AttachmentRules.readable(5 * MB));
        assertEquals("5.1 MB", AttachmentRules.readable(5 * MB + 1));
    }

    @Test
    void downloadsAreAttachmentsWithAnRfc5987Name() {
        // the headers themselves are checked against the running server in AttachmentsIT
        assertEquals("attachment; filename=\"___ (1).pdf\"; filename*=UTF-8''%E7%94%B3%E8%AB%8B%E6%9B%B8%20%281%29.pdf",
                AttachmentFile.contentDisposition("申請書 (1).pdf"));
        assertEquals("attachment; filename=\"a_b_.txt\"; filename*=UTF-8''a%22b%25.txt",
                AttachmentFile.contentDisposition("a\"b%.txt"));
    }

    private static Upload upload(String name, byte[] b) {
        return new Upload(name, b.length, b);
    }
}
