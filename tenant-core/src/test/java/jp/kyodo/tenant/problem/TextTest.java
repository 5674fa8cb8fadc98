package jp.kyodo.tenant.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void blankMeansNothingVisibleInUnicode() {
        for (String blank : List.of("", " ", "　　", "\u3000 \t\n", "\u00a0", "\u200b\u200e\u200f", "\ufeff", "\u0000", "\u202f\u2007")) {
            assertTrue(Text.isBlank(blank), () -> "blank: " + blank.codePoints().mapToObj(Integer::toHexString).toList());
        }
        for (String text : List.of("あ", "　あ　", "ｱ", "😀", "e\u0301", "葛\udb40\udd00", "\u05d0")) {
            assertFalse(Text.isBlank(text), text);
        }
        assertTrue(Text.isBlank(null));
    }

    @Test
    void stripRemovesTheSameCharacters() {
        assertEquals("住民票", Text.strip("\u3000\u200b住民票\u3000\u00a0"));
        assertEquals("", Text.strip("　　"));
        assertEquals("😀", Text.strip(" 😀 "));
    }

    record Question(@NotBlank(message = "質問を入力してください") String question, String note) {
    }

    /** Issue 10, item 15: 「　　」 passed @NotBlank (it trims ASCII only) and reached the database's CHECK. */
    @Test
    void checksRefuseFullWidthSpacesAsBlankAndNul() {
        assertEquals(Map.of("question", "質問を入力してください"), Checks.unicodeChecks(new Question("　　", null)));
        assertEquals(Map.of("question", "質問を入力してください"), Checks.unicodeChecks(new Question("\u200b\u3000\u00a0", "x")));
        assertEquals(List.of("question"), List.copyOf(Checks.unicodeChecks(new Question("a\u0000b", null)).keySet()));
        assertEquals(List.of("note"), List.copyOf(Checks.unicodeChecks(new Question("ok", "\u0000")).keySet()));
        assertEquals(Map.of(), Checks.unicodeChecks(new Question("住民票", "　")));
    }

    @Test
    void aDatabaseRefusalIsABadRequestWithoutItsText() {
        var sql = new java.sql.SQLException("new row for relation \"concierge_question\" violates check constraint", "23514");
        ProblemException p = ProblemMappers.toProblem(new RuntimeException("wrapped", sql));
        assertEquals(400, p.status());
        assertFalse(String.valueOf(p.detail()).contains("concierge_question"), p.detail());
        ProblemException unexpected = ProblemMappers.toProblem(new IllegalStateException("secret internals"));
        assertEquals(500, unexpected.status());
        assertFalse(String.valueOf(unexpected.detail()).contains("secret"), unexpected.detail());
    }
}
