package jp.kyodo.admin.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CityCodesCsvTest {

    private static final Charset SJIS = Charset.forName("windows-31j");

    private static CityCodesCsv.Checked check(String text, Charset cs, Set<String> onboarded) throws Exception {
        return CityCodesCsv.check(text.getBytes(cs), onboarded);
    }

    private static String reason(CityCodesCsv.Checked c, int line) {
        return c.rows().stream().filter(r -> r.line() == line).findFirst().orElseThrow().reason();
    }

    @Test
    void utf8WithAndWithoutBomAndShiftJisReadTheSameRows() throws Exception {
        String text = "団体コード,メールアドレス,ユーザー名\r\n162019,a@toyama.example,\r\n172014,b@kanazawa.example,kanazawa-admin\r\n";
        CityCodesCsv.Checked utf8 = check(text, StandardCharsets.UTF_8, Set.of());
        CityCodesCsv.Checked bom = check("\uFEFF" + text, StandardCharsets.UTF_8, Set.of());
        CityCodesCsv.Checked sjis = check(text, SJIS, Set.of());
        assertEquals("UTF-8", utf8.encoding());
        assertEquals("UTF-8", bom.encoding());
        assertEquals("Shift_JIS", sjis.encoding());
        for (CityCodesCsv.Checked c : List.of(utf8, bom, sjis)) {
            assertEquals(2, c.rows().size(), c::toString);
            assertEquals(2, c.validRows(), c::toString);
            assertEquals("162019", c.rows().get(0).code());
            assertEquals(2, c.rows().get(0).line(), "line numbers count the header");
            assertEquals("kanazawa-admin", c.rows().get(1).adminUsername());
            assertEquals("石川県金沢市", c.rows().get(1).name());
        }
    }

    @Test
    void eachRowIsCheckedWithItsReason() throws Exception {
        String text = String.join("\n",
                "162019,a@example.jp",          // 1 valid
                "162011,a@example.jp",          // 2 check digit
                "999999,a@example.jp",          // 3 not in the catalogue (and check digit ok? no: unknown or check digit)
                "151009,a@example.jp",          // 4 onboarded already
                "172014,a@example.jp",          // 5 duplicate code
                "172014,b@example.jp",          // 6 duplicate code
                "12345,a@example.jp",           // 7 not six digits
                "202011,",                      // 8 no e-mail
                "202029,not-an-address",        // 9 bad e-mail
                "204021,a@example.jp,Bad Name", // 10 bad user name
                "202037,a@example.jp,admin-151009", // 11 another city's reserved name
                "206024,a@example.jp,same-name",    // 12 duplicate user name
                "202045,a@example.jp,same-name",    // 13 duplicate user name
                "１６２０４３,ｃ@example.jp",        // 14 full-width: read as ASCII, valid
                "202053,a@example.jp,,x",           // 15 a fourth column with something in it
                ",a@example.jp");                   // 16 no code
        CityCodesCsv.Checked c = check(text, StandardCharsets.UTF_8, Set.of("151009"));
        assertNull(reason(c, 1));
        assertEquals("vendor.batch.row.checkDigit", reason(c, 2));
        assertTrue(reason(c, 3).equals("vendor.batch.row.unknown") || reason(c, 3).equals("vendor.batch.row.checkDigit"));
        assertEquals("vendor.batch.row.exists", reason(c, 4));
        assertEquals("vendor.batch.row.duplicate", reason(c, 5));
        assertEquals("vendor.batch.row.duplicate", reason(c, 6));
        assertEquals(List.of("172014", "5, 6"), c.rows().get(4).values());
        assertEquals("vendor.batch.row.codeForm", reason(c, 7));
        assertEquals("vendor.batch.row.emailMissing", reason(c, 8));
        assertEquals("vendor.batch.row.emailForm", reason(c, 9));
        assertEquals("vendor.batch.row.usernameForm", reason(c, 10));
        assertEquals("vendor.batch.row.usernameReserved", reason(c, 11));
        assertEquals("vendor.batch.row.usernameDuplicate", reason(c, 12));
        assertEquals("vendor.batch.row.usernameDuplicate", reason(c, 13));
        assertNull(reason(c, 14), "full-width digits are read as digits");
        assertEquals("162043", c.rows().get(13).code());
        assertEquals("vendor.batch.row.columns", reason(c, 15));
        assertEquals("vendor.batch.row.codeMissing", reason(c, 16));
        assertEquals(2, c.validRows());
    }

    @Test
    void aKnownCodeWithAGoodCheckDigitButNotInTheCatalogueIsUnknown() throws Exception {
        // 99999x: compute the check digit so that only the catalogue refuses it
        String five = "99999";
        int[] w = {6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += (five.charAt(i) - '0') * w[i];
        }
        String code = five + (11 - sum % 11) % 10;
        CityCodesCsv.Checked c = check(code + ",a@example.jp", StandardCharsets.UTF_8, Set.of());
        assertEquals("vendor.batch.row.unknown", c.rows().get(0).reason());
    }

    @Test
    void badFilesAreRefusedAsAWhole() {
        assertEquals("vendor.batch.file.empty", refused(new byte[0]));
        assertEquals("vendor.batch.file.empty", refused("\uFEFF\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("vendor.batch.file.empty", refused("団体コード,メールアドレス\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("vendor.batch.file.encoding", refused("162019,a@example.jp".getBytes(StandardCharsets.UTF_16)));
        // bytes that are neither UTF-8 nor Shift_JIS (0x85 0x40 is not a Shift_JIS character, 0xFF is never one)
        assertEquals("vendor.batch.file.encoding", refused(new byte[] {'1', ',', (byte) 0xFF, (byte) 0xFE, (byte) 0xFD}));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        String pngReason = refused(png);
        assertTrue(pngReason.equals("vendor.batch.file.notCsv") || pngReason.equals("vendor.batch.file.encoding"), pngReason);
        assertEquals("vendor.batch.file.notCsv", refused("162019,a@example.jp\u0000\n".getBytes(StandardCharsets.UTF_8)));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            many.append("162019,a@example.jp\n");
        }
        assertEquals("vendor.batch.file.tooManyRows", refused(many.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("vendor.batch.file.tooLarge", refused(new byte[CityCodesCsv.MAX_BYTES + 1]));
    }

    private static String refused(byte[] bytes) {
        return assertThrows(CityCodesCsv.FileRefused.class, () -> CityCodesCsv.check(bytes, Set.of())).key();
    }

    @Test
    void quotedFieldsAndLineBreaksFollowRfc4180() {
        assertEquals(List.of(List.of("a", "b,c", "d\"e"), List.of("x")), CityCodesCsv.lines("a,\"b,c\",\"d\"\"e\"\r\nx"));
    }
}
