package jp.kyodo.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JapaneseNameTest {

    @Test
    void theFamilyNameComesFirst() {
        assertEquals(new JapaneseName("尼崎", "太郎"), JapaneseName.split("尼崎 太郎"));
        assertEquals(new JapaneseName("尼崎", "太郎"), JapaneseName.split("　尼崎　太郎　"), "ideographic spaces");
        assertEquals(new JapaneseName("SMITH", "JOHN PAUL"), JapaneseName.split("SMITH  JOHN\u3000PAUL"));
    }

    @Test
    void aNameWithoutASpaceIsNotGuessedAt() {
        assertEquals(new JapaneseName("尼崎太郎", ""), JapaneseName.split("尼崎太郎"));
        assertEquals(new JapaneseName("", ""), JapaneseName.split("  "));
        assertEquals(new JapaneseName("", ""), JapaneseName.split(null));
    }
}
