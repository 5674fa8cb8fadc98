package jp.kyodo.agents.lifeevents;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import jp.kyodo.agents.lifeevents.BundleDefinition.Question;
import jp.kyodo.agents.lifeevents.BundleDefinition.Type;
import org.junit.jupiter.api.Test;

/** Each answer is checked against its question's type before it is kept. */
class AnswerRulesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    static Question q(Type type) {
        return new Question("q", "問", "Q", type, 12, 1, 10, true,
                List.of(new BundleDefinition.Option("kokuho", "国保", "NHI")), null, null, null);
    }

    @Test
    void acceptsWellFormedAnswers() {
        assertNull(AnswerRules.check(q(Type.TEXT), " 試験 ", TODAY));
        assertNull(AnswerRules.check(q(Type.DATE), "2026-12-01", TODAY));
        assertNull(AnswerRules.check(q(Type.CHOICE), "kokuho", TODAY));
        assertNull(AnswerRules.check(q(Type.YESNO), "no", TODAY));
        assertNull(AnswerRules.check(q(Type.PHONE), "06-6375-0000", TODAY));
        assertNull(AnswerRules.check(q(Type.NUMBER), "3", TODAY));
    }

    @Test
    void refusesEverythingElseWithAMessageInBothLanguages() {
        for (var bad : List.of(new Object[] {Type.TEXT, ""}, new Object[] {Type.TEXT, "1234567890123"},
                new Object[] {Type.DATE, "2026-13-01"}, new Object[] {Type.DATE, "2026-12-05"},
                new Object[] {Type.CHOICE, "kosei"}, new Object[] {Type.YESNO, "maybe"}, new Object[] {Type.PHONE, "submit now"},
                new Object[] {Type.NUMBER, "11"}, new Object[] {Type.NUMBER, "x"})) {
            AnswerRules.Refusal r = AnswerRules.check(q((Type) bad[0]), (String) bad[1], TODAY);
            assertNotNull(r, () -> bad[0] + " " + bad[1]);
            assertNotNull(r.ja());
            assertNotNull(r.en());
        }
    }
}
