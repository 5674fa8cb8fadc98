package jp.kyodo.integration.residents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AtenaNumberTest {

    @Test
    void checkDigitByModulus11WithWeightsTwoToSeven() {
        // 12345678901 → weights from the right 2,3,4,5,6,7,2,3,4,5,6: 1·2+0·3+9·4+8·5+7·6+6·7+5·2+4·3+3·4+2·5+1·6 = 212;
        // 212 mod 11 = 3 → 11 − 3 = 8
        assertEquals(8, AtenaNumber.checkDigit("12345678901"));
        assertTrue(AtenaNumber.valid("123456789018"));
        assertFalse(AtenaNumber.valid("123456789017"), "a wrong check digit");
        assertFalse(AtenaNumber.valid("12345678901x"));
        assertFalse(AtenaNumber.valid(""));
        assertFalse(AtenaNumber.valid(null));
    }

    @Test
    void remainderZeroOrOneGivesZero() {
        // 0000000000 → sum 0 → remainder 0 → 0
        assertEquals(0, AtenaNumber.checkDigit("0000000000"));
        // "6": 6·2 = 12, 12 mod 11 = 1 → 0
        assertEquals(0, AtenaNumber.checkDigit("6"));
        // "5": 10 mod 11 = 10 → 1
        assertEquals(1, AtenaNumber.checkDigit("5"));
        assertEquals("51", AtenaNumber.withCheckDigit("5"));
    }

    @Test
    void aChangedDigitIsCaughtUnlessBothRemaindersMapToZero() {
        String good = AtenaNumber.withCheckDigit("20230001234");
        assertTrue(AtenaNumber.valid(good));
        int missed = 0;
        int changes = 0;
        for (int i = 0; i < good.length() - 1; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d != good.charAt(i)) {
                    changes++;
                    if (AtenaNumber.valid(good.substring(0, i) + d + good.substring(i + 1))) {
                        missed++;
                    }
                }
            }
        }
        // remainders 0 and 1 share the check digit 0, so a few changes can pass; most must not
        assertTrue(missed * 10 < changes, missed + " of " + changes + " single-digit changes passed");
    }
}
