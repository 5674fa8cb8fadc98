package jp.kyodo.crm.cases.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.Route;
import jp.kyodo.crm.cases.RoutingRule;
import org.junit.jupiter.api.Test;

class RouterTest {

    static final List<RoutingRule> RULES = List.of(
            new RoutingRule(30, null, null, List.of("ごみ"), null, "waste", null),
            new RoutingRule(10, null, List.of("虐待", "DV"), null, Priority.URGENT, "operator", null),
            new RoutingRule(20, "tax", null, null, null, "tax", null),
            new RoutingRule(25, "childcare", List.of("保育園"), List.of("子ども", "こども"), Priority.HIGH, "childcare", null));

    @Test
    void noRuleMatchesGoesToTheDefaultQueue() {
        Route r = Router.route(RULES, "other", "住民票の写しがほしい", null, null, "operator");
        assertEquals("operator", r.queueCode());
        assertEquals(Priority.NORMAL, r.priority());
        assertNull(r.rulePosition());
    }

    @Test
    void rulesAreEvaluatedByPositionNotListOrder() {
        // matches rule 10 (keyword) and rule 20 (category): the lower position wins
        Route r = Router.route(RULES, "tax", "DVの相談と税金のこと", null, Priority.LOW, "operator");
        assertEquals("operator", r.queueCode());
        assertEquals(10, r.rulePosition());
        assertEquals(Priority.URGENT, r.priority());
    }

    @Test
    void categoryRule() {
        Route r = Router.route(RULES, Category.TAX.code(), "住民税の納付書をなくしました", null, null, "operator");
        assertEquals("tax", r.queueCode());
        assertEquals(20, r.rulePosition());
    }

    @Test
    void keywordsIgnoreWidthAndCase() {
        assertEquals("operator", Router.route(RULES, "other", "ｄｖ被害について", null, null, "x").queueCode());
        assertEquals("operator", Router.route(RULES, "other", "ＤＶ", null, null, "x").queueCode());
    }

    @Test
    void suggestedDepartmentOfTheConcierge() {
        Route r = Router.route(RULES, "other", "粗大ごみ以外の相談", "業務課（ごみ収集）", null, "operator");
        assertEquals("waste", r.queueCode());
        assertEquals("operator", Router.route(RULES, "other", "粗大ごみ", "市民課", null, "operator").queueCode(),
                "the department condition looks at the suggestion, not the text");
        assertEquals("operator", Router.route(RULES, "other", "粗大ごみ", null, null, "operator").queueCode());
    }

    @Test
    void allConditionsOfARuleMustHold() {
        // category + keyword + department: each missing piece fails the rule
        assertEquals("childcare", Router.route(RULES, "childcare", "保育園の申込", "こども家庭支援課", null, "op").queueCode());
        assertEquals("op", Router.route(RULES, "childcare", "保育園の申込", "市民課", null, "op").queueCode());
        assertEquals("op", Router.route(RULES, "childcare", "児童手当", "こども家庭支援課", null, "op").queueCode());
        assertEquals("op", Router.route(RULES, "other", "保育園の申込", "こども家庭支援課", null, "op").queueCode());
    }

    @Test
    void aRuleOnlyRaisesThePriority() {
        assertEquals(Priority.HIGH, Router.route(RULES, "childcare", "保育園", "子ども課", Priority.LOW, "op").priority());
        assertEquals(Priority.URGENT, Router.route(RULES, "childcare", "保育園", "子ども課", Priority.URGENT, "op").priority());
    }

    @Test
    void aRuleWithoutConditionsCatchesEverything() {
        List<RoutingRule> rules = List.of(new RoutingRule(1, null, null, null, null, "all", null));
        assertEquals("all", Router.route(rules, "other", "", null, null, "op").queueCode());
        assertEquals("op", Router.route(List.of(), "other", "x", null, null, "op").queueCode());
    }
}
