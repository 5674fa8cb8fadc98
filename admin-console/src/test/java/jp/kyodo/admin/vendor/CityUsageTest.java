package jp.kyodo.admin.vendor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CityUsageTest {

    private static final List<CityUsage.Row> ROWS = List.of(
            new CityUsage.Row("151009", "新潟市", "新潟県", "ACTIVE", 1, 3, 12, 1, 2048),
            new CityUsage.Row("394246", "梼原町", "高知県", "ACTIVE", 0, 1, 0, 0, 0),
            new CityUsage.Row("999999", "A, \"B\"", "X", "SUSPENDED", 0, 0, 0, 0, 0));

    @Test
    void utf8HasABomAHeaderInJapaneseAndQuotedFields() {
        byte[] csv = CityUsage.csv(YearMonth.of(2026, 4), ROWS, false);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
        String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals("対象月,自治体コード,都道府県,自治体名,状態,住民アカウント数,職員アカウント数,質問数,受付案件数,保存容量（バイト）",
                lines[0]);
        assertEquals("2026-04,151009,新潟県,新潟市,ACTIVE,1,3,12,1,2048", lines[1]);
        assertEquals("2026-04,999999,X,\"A, \"\"B\"\"\",SUSPENDED,0,0,0,0,0", lines[3]);
    }

    @Test
    void shiftJisKeepsEveryNumberAndMarksAKanjiItCannotHold() {
        byte[] csv = CityUsage.csv(YearMonth.of(2026, 4), ROWS, true);
        String text = new String(csv, CityUsage.SHIFT_JIS);
        String[] lines = text.split("\r\n");
        assertEquals("2026-04,151009,新潟県,新潟市,ACTIVE,1,3,12,1,2048", lines[1]);
        // 梼 is in code page 932; a character outside it would be written as 〓
        assertEquals("2026-04,394246,高知県,梼原町,ACTIVE,0,1,0,0,0", lines[2]);
        byte[] odd = CityUsage.csv(YearMonth.of(2026, 4), List.of(new CityUsage.Row("1", "𠮷野町", "", "ACTIVE", 0, 0, 0, 0, 0)), true);
        assertEquals("2026-04,1,,〓野町,ACTIVE,0,0,0,0,0", new String(odd, CityUsage.SHIFT_JIS).split("\r\n")[1]);
    }

    @Test
    void onlyYearDashMonthIsAMonth() {
        assertEquals(YearMonth.of(2026, 4), CityUsage.month("2026-04"));
        for (String bad : new String[] {"2026-13", "2026-4", "26-04", "2026-04-01", "abcd-ef", "1999-12", "", null}) {
            assertNull(CityUsage.month(bad), bad);
        }
    }
}
