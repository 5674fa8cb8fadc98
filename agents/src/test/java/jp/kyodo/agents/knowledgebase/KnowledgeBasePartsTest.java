package jp.kyodo.agents.knowledgebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.kyodo.agents.knowledgebase.internal.DocumentUpload;
import jp.kyodo.agents.llm.SecretBox;
import org.junit.jupiter.api.Test;

class KnowledgeBasePartsTest {

    @Test
    void secretsAreSealedWithTheCityAsContext() {
        SecretBox box = new SecretBox("a passphrase of the operator");
        byte[] sealed = box.seal("sk-secret-123", "city-a");
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("sk-secret-123"));
        assertEquals("sk-secret-123", box.open(sealed, "city-a"));
        assertNotEquals(new String(sealed, StandardCharsets.ISO_8859_1),
                new String(box.seal("sk-secret-123", "city-a"), StandardCharsets.ISO_8859_1), "random nonce");
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "city-b"), "another city's row");
        assertThrows(IllegalStateException.class, () -> new SecretBox("another key").open(sealed, "city-a"));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> box.open(tampered, "city-a"));
        String base64Key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals("x", new SecretBox(base64Key).open(new SecretBox(base64Key).seal("x", "c"), "c"));
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(" "));
    }

    @Test
    void uploadsOfTextAreTakenAndBinaryIsRefused() {
        var md = DocumentUpload.extract("guide.md", "text/markdown", "# 見出し\n本文".getBytes(StandardCharsets.UTF_8));
        assertEquals(DocumentFormat.MARKDOWN, md.format());
        assertEquals("guide", md.title());
        assertEquals(DocumentFormat.HTML, DocumentUpload.extract("a.html", null, "<p>x</p>".getBytes(StandardCharsets.UTF_8)).format());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
        var e = assertThrows(IllegalArgumentException.class, () -> DocumentUpload.extract("photo.png", "image/png", png));
        assertTrue(e.getMessage().contains("PDF"), e.getMessage());
        byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0};
        assertThrows(IllegalArgumentException.class, () -> DocumentUpload.extract("book.xlsx", null, xlsx));
        assertThrows(IllegalArgumentException.class, () -> DocumentUpload.extract("sjis.txt", "text/plain",
                "住民票".getBytes(java.nio.charset.Charset.forName("windows-31j"))), "not UTF-8");
        assertThrows(IllegalArgumentException.class, () -> DocumentUpload.extract("broken.pdf", "application/pdf",
                "%PDF-1.4 not really".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(DocumentUpload.looksBinary(png));
        assertFalse(DocumentUpload.looksBinary("ID,質問\r\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pdfTextIsExtracted() throws Exception {
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            var page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(50, 700);
                cs.showText("Library opening hours 9-17");
                cs.endText();
            }
            var out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            var x = DocumentUpload.extract("hours.pdf", "application/pdf", out.toByteArray());
            assertTrue(x.text().contains("Library opening hours"), x.text());
            assertEquals(DocumentFormat.PLAIN, x.format());
        }
    }

    @Test
    void templateChangesAreListedFieldByField() {
        FaqEntry before = new FaqEntry("tpl-1", "質問", List.of(Phrasing.ja("言い換え")), "回答A", "分類", "市民課", "",
                null, null, "ja", EntryStatus.DRAFT);
        FaqEntry after = new FaqEntry("tpl-1", "質問", List.of(Phrasing.ja("言い換え"), Phrasing.en("rephrased")), "回答B",
                "分類", "市民課", "", null, null, "ja", EntryStatus.DRAFT);
        var changes = KnowledgeBaseService.diff(before, after);
        assertEquals(List.of("alternatives", "answer"), changes.stream().map(TemplateStatus.FieldChange::field).toList());
        assertEquals("回答A", changes.get(1).before());
        assertEquals("回答B", changes.get(1).after());
        assertTrue(KnowledgeBaseService.diff(before, before).isEmpty());
        assertTrue(KnowledgeBaseService.diff(null, after).isEmpty());
    }

    @Test
    void storedEntriesRoundTripThroughJson() {
        FaqEntry e = new FaqEntry("x-1", "質問", List.of(Phrasing.en("q")), "回答", "c", "d", "https://e.jp",
                java.time.LocalDate.of(2025, 4, 1), null, "ja", EntryStatus.PUBLISHED);
        assertEquals(e, KnowledgeBaseService.read(KnowledgeBaseService.json(e), FaqEntry.class));
    }
}
