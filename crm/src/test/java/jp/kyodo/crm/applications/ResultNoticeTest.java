package jp.kyodo.crm.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.applications.internal.NoticePdf;
import jp.kyodo.crm.applications.internal.NoticeText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The result notice: placeholders filled from the answers, a PDF whose Japanese text can be read back. */
class ResultNoticeTest {

    static final File FONT = new File("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf");

    @Test
    void placeholdersAreFilledFromTheAnswersAndValues() {
        String t = NoticeText.fill("{{applicant}} 様 子ども {{count:children}}人 {{bank.bankName}} {{reason}}",
                Map.of("children[0].fullName", "一郎", "children[1].fullName", "二郎", "bank.bankName", "試験銀行"),
                Map.of("applicant", "尼崎 太郎", "reason", "要件を満たす"));
        assertEquals("尼崎 太郎 様 子ども 2人 試験銀行 要件を満たす", t);
    }

    @Test
    void theNoticeIsAPdfWithTheJapaneseTextEmbedded() throws Exception {
        assumeTrue(FONT.canRead() || System.getenv("CI") != null, "fonts-ipaexfont-gothic is not installed");
        String body = "尼崎 太郎 様\n\n児童手当の認定請求について、次のとおり認定しました。\n対象となる子ども: 2人\n"
                + "長い行は折り返します。".repeat(20);
        byte[] pdf = NoticePdf.render(new NoticePdf.Content("尼崎市", "令和8年12月5日", "児童手当 認定通知書", body, "尼崎市長",
                "2026-000042"), FONT);
        assertTrue(new String(pdf, 0, 5).startsWith("%PDF"));
        assertTrue(pdf.length < 200_000, "the font is embedded as a subset: " + pdf.length);
        try (var doc = Loader.loadPDF(pdf)) {
            // IPAex maps some ideographs to the same glyph as a Kangxi radical; text extraction may give the radical
            String text = java.text.Normalizer.normalize(new PDFTextStripper().getText(doc), java.text.Normalizer.Form.NFKC)
                    .replace('\u2ED1', '長'); // ⻑ (CJK radicals supplement) has no NFKC mapping
            for (String s : List.of("児童手当 認定通知書", "尼崎市長", "対象となる子ども: 2人", "2026-000042", "令和8年12月5日")) {
                assertTrue(text.contains(s), () -> s + " in " + text);
            }
        }
    }

    @Test
    void aMissingFontIsSaidPlainly() {
        var e = assertThrows(IllegalStateException.class, () -> NoticePdf.render(new NoticePdf.Content("市", "日", "題", "本文",
                "市長", "1"), new File("/nonexistent/font.ttf")));
        assertTrue(e.getMessage().contains("fonts-ipaexfont-gothic"), e::getMessage);
    }
}
