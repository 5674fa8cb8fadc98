package jp.kyodo.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CityDirectoryTest {

    @Test
    void aCityCodeIsSixAsciiDigitsAsThePatternSaid() {
        for (String code : new String[] {"282022", "000000", "999999", "28202", "2820222", "", "28202a", "２８２０２２",
                "28 022", "-28202", "282022\n", null}) {
            assertEquals(code != null && code.matches("\\d{6}"), CityDirectory.sixDigits(code), String.valueOf(code));
        }
    }
}
