package jp.kyodo.crm.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlaRulesTest {

    @Test
    void theDefaultWarningIsAQuarterOfTheTargetButAtLeastFifteenMinutes() {
        assertEquals(Duration.ofHours(18), SlaRules.warning(3 * 24 * 60, null));
        assertEquals(Duration.ofHours(1), SlaRules.warning(4 * 60, null));
        assertEquals(Duration.ofMinutes(15), SlaRules.warning(40, null));
        assertEquals(Duration.ofMinutes(15), SlaRules.warning(5, null), "a 5-minute target is near from the start");
    }

    @Test
    void aCitysOwnWarningWins() {
        assertEquals(Duration.ofMinutes(30), SlaRules.warning(3 * 24 * 60, 30));
        assertEquals(Duration.ofHours(18), SlaRules.warning(3 * 24 * 60, 0), "0 means the default");
    }

    @Test
    void minutesReadAsPlainJapanese() {
        assertEquals("45分", SlaRules.plainJapanese(45));
        assertEquals("90分（1時間30分）", SlaRules.plainJapanese(90));
        assertEquals("4320分（3日）", SlaRules.plainJapanese(4320));
        assertEquals("1日と6時間", SlaRules.duration(30 * 60));
        assertEquals("1日と5分", SlaRules.duration(24 * 60 + 5));
        assertEquals("1日と1時間1分", SlaRules.duration(24 * 60 + 61));
    }
}
