package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class CaseWordsTest {

    @Test
    void timeIsJapanTimeInOneFormatLikeTheFormatterWrote() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
        OffsetDateTime t = OffsetDateTime.of(2026, 12, 31, 15, 7, 59, 0, ZoneOffset.UTC);
        for (int i = 0; i < 400; i++) {
            OffsetDateTime x = t.plusMinutes(i * 1_337L).minusDays(i * 3L);
            assertEquals(reference.format(x.atZoneSameInstant(ZoneId.of("Asia/Tokyo"))), CaseWords.time(x));
        }
        assertEquals("2027/01/01 00:07", CaseWords.time(t));
        assertEquals("", CaseWords.time(null));
    }
}
