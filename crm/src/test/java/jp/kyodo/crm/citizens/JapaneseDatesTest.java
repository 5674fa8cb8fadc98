package jp.kyodo.crm.citizens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class JapaneseDatesTest {

    @Test
    void eraBoundaries() {
        assertEquals("平成31年4月30日", JapaneseDates.wareki(LocalDate.of(2019, 4, 30)));
        assertEquals("令和元年5月1日", JapaneseDates.wareki(LocalDate.of(2019, 5, 1)));
        assertEquals("令和2年1月1日", JapaneseDates.wareki(LocalDate.of(2020, 1, 1)));
        assertEquals("昭和64年1月7日", JapaneseDates.wareki(LocalDate.of(1989, 1, 7)));
        assertEquals("平成元年1月8日", JapaneseDates.wareki(LocalDate.of(1989, 1, 8)));
        assertEquals("大正15年12月24日", JapaneseDates.wareki(LocalDate.of(1926, 12, 24)));
        assertEquals("昭和元年12月25日", JapaneseDates.wareki(LocalDate.of(1926, 12, 25)));
        assertEquals("明治45年7月29日", JapaneseDates.wareki(LocalDate.of(1912, 7, 29)));
        assertEquals("大正元年7月30日", JapaneseDates.wareki(LocalDate.of(1912, 7, 30)));
    }

    @Test
    void bothCalendarsTogether() {
        assertEquals("昭和60年4月1日（1985年4月1日）", JapaneseDates.format(LocalDate.of(1985, 4, 1)));
        assertEquals("令和7年3月20日（2025年3月20日）", JapaneseDates.format(LocalDate.of(2025, 3, 20)));
    }

    @Test
    void beforeTheFirstSupportedEraOnlyTheGregorianDate() {
        assertEquals("1868年10月23日", JapaneseDates.format(LocalDate.of(1868, 10, 23)));
        assertEquals("明治6年1月1日（1873年1月1日）", JapaneseDates.format(LocalDate.of(1873, 1, 1)));
    }
}
