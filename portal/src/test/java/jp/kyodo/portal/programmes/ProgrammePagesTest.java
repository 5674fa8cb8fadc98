package jp.kyodo.portal.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.agents.programmes.EligibilityEngine;
import jp.kyodo.agents.programmes.EligibilityStatus;
import jp.kyodo.agents.programmes.Household;
import jp.kyodo.agents.programmes.LifeEvent;
import jp.kyodo.agents.programmes.MonthlyAmount;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeEvaluation;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import org.junit.jupiter.api.Test;

class ProgrammePagesTest {

    @Test
    void amountsAreShownInYenPerMonth() {
        Text ja = PortalPages.MESSAGES.in("ja");
        assertEquals(Optional.of("月額 25,000円（目安）"), ProgrammePages.amountText(ja, MonthlyAmount.exact(25_000)));
        assertEquals(Optional.of("月額 10,000円〜46,690円（目安）"), ProgrammePages.amountText(ja, new MonthlyAmount(10_000, 46_690)));
        assertEquals(Optional.of("¥25,000 a month (estimate)"), ProgrammePages.amountText(PortalPages.MESSAGES.in("en"), MonthlyAmount.exact(25_000)));
        assertEquals(Optional.empty(), ProgrammePages.amountText(ja, MonthlyAmount.ZERO));
        assertEquals(Optional.empty(), ProgrammePages.amountText(ja, null));
    }

    @Test
    void missingInputsLinkToTheFieldToFill() {
        assertEquals("/me/profile/edit#incomeAfterDeductions", ProgrammePages.fieldFor("控除後の世帯高所得（児童扶養手当）"));
        assertEquals("/me/household", ProgrammePages.fieldFor("世帯員の年齢（誕生年月日）"));
        assertEquals("/me/profile/edit#prefecture", ProgrammePages.fieldFor("居住都道府県"));
    }

    @Test
    void aRuleThatThrowsIsShownAsUndecidable() {
        EligibilityEngine engine = new EligibilityEngine();
        Programme jido = engine.registry().all().stream().filter(p -> p.name().equals("児童手当")).findFirst().orElseThrow();
        EligibilityEngine broken = new EligibilityEngine(engine.registry()) {
            @Override
            public ProgrammeEvaluation evaluate(Programme programme, Household household, LocalDate asOf) {
                throw new IllegalStateException("rule exploded");
            }
        };
        ProgrammeEvaluation e = ProgrammePages.evaluate(broken, jido, Household.of("h", List.of()), LocalDate.of(2026, 1, 1));
        assertEquals(EligibilityStatus.ERROR, e.status());
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            Map<String, Object> params = new HashMap<>();
            params.put("t", t);
            params.put("base", "/c/282022/");
            params.put("e", e);
            params.put("p", jido);
            String html = PortalPages.TEMPLATES.render("pages/evaluation.jte", params);
            assertTrue(html.contains(t.lookup("programmes.status.error")) && html.contains("<span lang=\"ja\">児童手当</span>"), html);
            assertTrue(html.contains(t.lookup("programmes.error")), html);
            assertFalse(html.contains("rule exploded"), "the failure itself is not shown");
            assertFalse(html.contains("[programmes."), tag);
        }
    }

    @Test
    void eventSlugsAreStable() {
        assertEquals("birth-and-children", ProgrammePages.slug(LifeEvent.BIRTH_AND_CHILDREN));
        assertEquals("moving", ProgrammePages.slug(LifeEvent.MOVING));
        assertEquals(LifeEvent.values().length, ProgrammePages.EVENT_TITLES.size());
    }
}
