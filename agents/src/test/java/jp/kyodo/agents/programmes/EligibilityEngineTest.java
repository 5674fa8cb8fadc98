package jp.kyodo.agents.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EligibilityEngineTest {

    private static final EligibilityEngine ENGINE = new EligibilityEngine();
    private static final LocalDate NOV_2024 = LocalDate.of(2024, 11, 1);

    private static Household singleParentWithHighSchooler() {
        return Household.of("h", List.of(Person.parent("p", LocalDate.of(1994, 10, 1)),
                Person.child("c", LocalDate.of(2006, 10, 1))));
    }

    private static ProgrammeEvaluation eval(String id, Household h, LocalDate asOf) {
        return ENGINE.evaluate(ENGINE.registry().find(id).orElseThrow(), h, asOf);
    }

    @Test
    void shippedTemplatesAllValidateAndCompile() {
        ProgrammeRegistry r = ENGINE.registry();
        assertTrue(r.all().size() >= 12);
        for (String id : List.of("JP-0001", "JP-0002", "JP-0003", "JP-0004", "130001-0001")) {
            assertNotNull(r.find(id).orElseThrow().rule(), id);
        }
        for (ProgrammeEvaluation e : ENGINE.evaluate(singleParentWithHighSchooler(), NOV_2024)) {
            assertFalse(e.status() == EligibilityStatus.ERROR, e.toString());
        }
    }

    @Test
    void incomeMissingGivesUnknownWithTheMissingInput() {
        ProgrammeEvaluation e = eval("JP-0002", singleParentWithHighSchooler(), NOV_2024);
        assertEquals(EligibilityStatus.UNKNOWN, e.status());
        assertEquals(List.of("控除後の世帯高所得（児童扶養手当）"), e.missingInputs());
        assertTrue(e.matchedLabels().stream().anyMatch(l -> l.startsWith("ひとり親")));
    }

    @Test
    void fullAndPartialPaymentAsARangeWithOfficialAmounts() {
        Household h = singleParentWithHighSchooler().withIncome("児童扶養手当", 1_069_999);
        ProgrammeEvaluation full = eval("JP-0002", h, NOV_2024);
        assertEquals(EligibilityStatus.ELIGIBLE, full.status());
        assertEquals(MonthlyAmount.exact(45_500), full.amount());
        ProgrammeEvaluation partial = eval("JP-0002", h.withIncome("児童扶養手当", 1_070_000), NOV_2024);
        assertEquals(new MonthlyAmount(10_740, 45_490), partial.amount());
        // dated parameters: before 2024-11-01 the full-payment limit for one dependant was 870,000
        ProgrammeEvaluation october = eval("JP-0002", h.withIncome("児童扶養手当", 1_000_000), LocalDate.of(2024, 10, 1));
        assertEquals(new MonthlyAmount(10_740, 45_490), october.amount());
        ProgrammeEvaluation stopped = eval("JP-0002", h.withIncome("児童扶養手当", 2_460_000), NOV_2024);
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, stopped.status());
        assertTrue(stopped.unmatchedLabels().get(0).contains("所得"));
    }

    @Test
    void childAllowanceCountsUniversityAgeChildrenForTheThirdChildRate() {
        Household h = Household.of("h", List.of(Person.parent("p", LocalDate.of(1970, 1, 1)),
                Person.child("a", LocalDate.of(2005, 10, 1)), // 大学生年代: counted, not paid
                Person.child("b", LocalDate.of(2011, 10, 1)),
                Person.child("c", LocalDate.of(2012, 10, 1))));
        assertEquals(MonthlyAmount.exact(40_000), eval("JP-0001", h, NOV_2024).amount());
        // a person whose birth date is unknown: school year unknown → UNKNOWN, not an exception
        ProgrammeEvaluation u = eval("JP-0001", h.withMember(new Person("x", Role.CHILD, null, null, null, null, null)), NOV_2024);
        assertEquals(EligibilityStatus.UNKNOWN, u.status());
        assertTrue(u.missingInputs().get(0).contains("学年"), u.toString());
    }

    @Test
    void tokyoProgrammeOnlyInTokyo() {
        Household h = singleParentWithHighSchooler().withIncome("特別児童扶養手当", 3_000_000);
        assertEquals(EligibilityStatus.UNKNOWN, eval("130001-0001", h, NOV_2024).status());
        assertEquals(MonthlyAmount.exact(13_500), eval("130001-0001", h.withResidence("13", "131016"), NOV_2024).amount());
        ProgrammeEvaluation osaka = eval("130001-0001", h.withResidence("27", "271004"), NOV_2024);
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, osaka.status());
        assertTrue(osaka.unmatchedLabels().get(0).contains("東京都"));
        assertTrue(ENGINE.registry().offeredIn("27", "271004", NOV_2024).stream().noneMatch(p -> p.id().startsWith("13")));
    }

    @Test
    void aRuleThatThrowsYieldsJudgementImpossibleNotAnException() {
        Programme base = ENGINE.registry().find("JP-0002").orElseThrow();
        String draft = """
                incomeBasis: 児童扶養手当
                parameters:
                  limit:
                    label: 限度額
                    values:
                      2024-01-01: [100]
                conditions:
                  - id: income
                    label: 所得が限度額未満
                    when: income < p.limit[dependants]
                """;
        Household h = singleParentWithHighSchooler().withIncome("児童扶養手当", 0);
        ProgrammeEvaluation e = ENGINE.tryRule(base, draft, h, NOV_2024);
        assertEquals(EligibilityStatus.ERROR, e.status());
        assertEquals("判定できません", e.status().label());
        assertTrue(e.errorMessage().contains("conditions[0].when"), e.errorMessage());
        // a parameter without a value on the date is reported, too
        ProgrammeEvaluation early = eval("JP-0002", h, LocalDate.of(2020, 1, 1));
        assertEquals(EligibilityStatus.ERROR, early.status());
        assertTrue(early.errorMessage().contains("2020-01-01"));
    }

    @Test
    void validationGivesLineAndColumn() {
        String src = """
                conditions:
                  - id: a
                    label: 子がいる
                    when: |
                      children.exists(c,
                        c.grdae <= 12)
                  - id: b
                    label: 所得
                    when: "p.limit < "
                """;
        RuleValidation v = ENGINE.validate(src);
        assertFalse(v.valid());
        RuleValidation.Issue field = v.issues().get(0);
        assertEquals(6, field.line());
        assertTrue(field.message().contains("grdae"));
        RuleValidation.Issue syntax = v.issues().get(1);
        assertEquals(9, syntax.line());
        assertEquals(22, syntax.column(), syntax.toString()); // the end of the expression (closing quote)
        RuleValidation yaml = ENGINE.validate("conditions:\n  - id: a\n   label: x\n");
        assertFalse(yaml.valid());
        assertEquals(3, yaml.issues().get(0).line());
        RuleValidation expr = ENGINE.validateExpression("size(children) > p.foo", Set.of("bar"), Set.of(), true);
        assertEquals(1, expr.issues().size());
        assertEquals(18, expr.issues().get(0).column());
        assertTrue(ENGINE.validate(draftOk()).valid(), ENGINE.validate(draftOk()).issues().toString());
    }

    private static String draftOk() {
        return """
                parameters:
                  monthly: {label: 月額, unit: 円/月, values: {2024-04-01: 5000}}
                definitions:
                  kids: children.filter(c, c.grade <= 9)
                conditions:
                  - {id: child, label: 中学生以下の子がいる, when: size(kids) > 0}
                amount: size(kids) * p.monthly
                """;
    }

    @Test
    void lifeEventGuidesListProceduresInOrderWithDocuments() {
        Household h = singleParentWithHighSchooler().withResidence("13", "131016");
        List<ProcedureStep> birth = ENGINE.guide(LifeEvent.BIRTH_AND_CHILDREN, h, NOV_2024);
        assertEquals(List.of("出生届", "国民健康保険の異動（加入・喪失）", "児童手当", "こども医療費助成（こども医療証の交付）"),
                birth.stream().map(s -> s.programme().name()).toList());
        assertTrue(birth.get(0).programme().requiredDocuments().size() >= 2);
        assertTrue(birth.get(0).evaluation() == null && birth.get(2).evaluation() != null);
        List<ProcedureStep> moving = ENGINE.guide(LifeEvent.MOVING, h, NOV_2024);
        assertEquals("転出届", moving.get(0).programme().name());
        assertEquals("転入届（転居届）", moving.get(1).programme().name());
    }

    @Test
    void municipalDerivationInheritsAndNarrows() {
        Programme derived = ProgrammeRegistry.parseTemplate("""
                id: 131016-0001
                parentId: JP-T0001
                derivation: 1
                name: 千代田区 こども医療費助成
                area: {municipalities: ["131016"]}
                eligibility:
                  parameters:
                    maxGrade: {label: 上限学年, values: {2023-04-01: 16}}
                """, "test");
        List<Programme> all = new java.util.ArrayList<>(ENGINE.registry().all());
        all.add(derived);
        ProgrammeRegistry r = ProgrammeRegistry.of(all, ENGINE.registry().commonParameters());
        Programme p = r.find("131016-0001").orElseThrow();
        assertEquals(ENGINE.registry().find("JP-T0001").orElseThrow().requiredDocuments(), p.requiredDocuments());
        EligibilityEngine engine = new EligibilityEngine(r);
        Household collegeKid = Household.of("h", List.of(Person.parent("p", LocalDate.of(1970, 1, 1)),
                Person.child("c", LocalDate.of(2005, 10, 1)))).withResidence("13", "131016");
        assertEquals(EligibilityStatus.ELIGIBLE, engine.evaluate(p, collegeKid, NOV_2024).status());
        assertEquals(EligibilityStatus.NOT_ELIGIBLE,
                engine.evaluate(r.find("JP-T0001").orElseThrow(), collegeKid, NOV_2024).status());
    }

    @Test
    void schoolYearFollowsTheAprilFirstRule() {
        assertEquals(1, jp.kyodo.agents.programmes.internal.SchoolCalendar.schoolYear(LocalDate.of(2018, 4, 1), LocalDate.of(2024, 4, 1)));
        assertEquals(0, jp.kyodo.agents.programmes.internal.SchoolCalendar.schoolYear(LocalDate.of(2018, 4, 2), LocalDate.of(2024, 11, 1)));
        assertEquals(12, jp.kyodo.agents.programmes.internal.SchoolCalendar.schoolYear(LocalDate.of(2006, 10, 1), LocalDate.of(2024, 11, 1)));
    }
}
