package jp.kyodo.admin.programmes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kyodo.agents.programmes.EligibilityEngine;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeRegistry;
import jp.kyodo.agents.programmes.RuleValidation;

class ProgrammeFormTest {

    @Test
    void everyShippedTemplateSurvivesSplitAndCompose() {
        Map<String, String> shipped = ProgrammeRegistry.shippedTemplateTexts();
        assertFalse(shipped.isEmpty());
        for (Map.Entry<String, String> t : shipped.entrySet()) {
            ProgrammeForm f = ProgrammeForm.split(t.getValue());
            assertEquals(t.getKey(), f.id());
            assertFalse(f.rest().contains("\nname:"), t.getKey());
            Programme again = ProgrammeRegistry.parseTemplate(f.compose(), t.getKey());
            assertEquals(ProgrammeRegistry.parseTemplate(t.getValue(), t.getKey()), again,
                    t.getKey() + " reads the same after the form round trip");
        }
    }

    @Test
    void aPositionInTheComposedTextMapsBackToTheFieldOrTheTextareaLine() {
        ProgrammeForm f = new ProgrammeForm("282022-0001", Map.of("name", "テスト", "summary", "概要\n2行目"),
                "eligibility:\n  conditions:\n    - {id: a, label: x, when: size(children) > p.nothing}\n");
        String composed = f.compose();
        assertEquals(3, f.headerLines());
        assertEquals("id", f.fieldAt(1));
        assertEquals("name", f.fieldAt(2));
        assertEquals("summary", f.fieldAt(3));
        assertNull(f.fieldAt(4));
        RuleValidation v = new EligibilityEngine().validate(composed);
        assertEquals(1, v.issues().size(), v.issues().toString());
        assertEquals(3, f.textareaLine(v.issues().get(0).line()), "line 3 of the textarea");
        String line = f.rest().split("\n")[2];
        assertEquals(line.indexOf("p.nothing") + 1, v.issues().get(0).column());
        assertTrue(ProgrammeRegistry.parseTemplate(composed.replace("p.nothing", "0"), "x").summary().contains("2行目"));
    }
}
