package jp.kyodo.agents.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kyodo.agents.programmes.internal.ShippedTemplates;
import jp.kyodo.agents.programmes.internal.TemplateReader;
import jp.kyodo.agents.programmes.internal.Versions;

/**
 * What the city admin's editor relies on without a database: error positions in whole templates and derived
 * programmes, version statuses, template change detection and the line diff.
 */
class RegistryEditingTest {

    private static final ShippedTemplates SHIPPED = ShippedTemplates.load();

    private static final String OWN = """
            id: 282022-0001
            name: 子育て応援手当
            eligibility:
              parameters:
                perChild: {label: 子1人あたり月額, unit: 円/月, values: {2025-04-01: 5000}}
              definitions:
                kids: children.filter(c, c.grade <= 9)
              conditions:
                - {id: child, label: 中学生以下の子がいる, when: size(kids) > 0}
              amount: size(kids) * p.perChild
            """;

    @Test
    void anUnknownParameterInAWholeTemplateIsReportedAtItsLineAndColumn() {
        String src = OWN.replace("size(kids) * p.perChild", "size(kids) * p.perChlid");
        RuleValidation v = TemplateReader.validate(src);
        assertEquals(1, v.issues().size(), v.issues().toString());
        RuleValidation.Issue i = v.issues().get(0);
        assertEquals(10, i.line(), i.toString());
        assertEquals(src.split("\n")[9].indexOf("p.perChlid") + 1, i.column(), i.toString());
        assertTrue(i.message().contains("p.perChlid"), i.message());
    }

    @Test
    void aCelSyntaxErrorInsideAFlowMappingPointsIntoTheExpression() {
        String src = OWN.replace("when: size(kids) > 0}", "when: size(kids) > > 0}");
        RuleValidation v = TemplateReader.validate(src);
        assertFalse(v.valid());
        RuleValidation.Issue i = v.issues().get(0);
        assertEquals(9, i.line(), i.toString());
        String line = src.split("\n")[8];
        int exprStart = line.indexOf("size(kids)") + 1;
        assertTrue(i.column() > exprStart && i.column() <= line.length(), i + " in: " + line);
        assertTrue(i.message().startsWith("構文エラー"), i.message());
    }

    @Test
    void badYamlIsReportedAtTheYamlPosition() {
        RuleValidation v = TemplateReader.validate("id: 282022-0001\nname: x\neligibility:\n  conditions: [\n    - a\n");
        assertFalse(v.valid());
        assertTrue(v.issues().get(0).line() >= 4, v.issues().toString());
        assertTrue(v.issues().get(0).message().startsWith("YAML の構文エラー"), v.issues().toString());
    }

    @Test
    void aDerivedProgrammeIsCheckedWithItsParentsRuleAndErrorsPointIntoTheChild() {
        EligibilityRule parent = SHIPPED.find("JP-0001").orElseThrow().programme().rule();
        String derived = """
                id: 282022-0002
                parentId: JP-0001
                derivation: 1
                name: 児童手当（市の上乗せ）
                eligibility:
                  conditions:
                    - id: extra
                      label: 第3子以降の子がいる
                      when: size(countedChildren) >= 3 && p.thirdOnwards > 0
                """;
        // alone, p.thirdOnwards and countedChildren are unknown; with the parent they are fine
        assertFalse(TemplateReader.validate(derived).valid());
        RuleValidation ok = TemplateReader.validate(derived, id -> id.equals("JP-0001") ? Optional.of(parent) : null);
        assertTrue(ok.valid(), ok.issues().toString());

        String typo = derived.replace("p.thirdOnwards", "p.thirdOnward");
        RuleValidation bad = TemplateReader.validate(typo, id -> id.equals("JP-0001") ? Optional.of(parent) : null);
        assertEquals(1, bad.issues().size(), bad.issues().toString());
        assertEquals(9, bad.issues().get(0).line(), bad.issues().toString());
        assertEquals(typo.split("\n")[8].indexOf("p.thirdOnward") + 1, bad.issues().get(0).column());
        assertEquals("conditions[0].when", bad.issues().get(0).path());

        RuleValidation orphan = TemplateReader.validate(derived, id -> null);
        assertEquals(1, orphan.issues().size());
        assertEquals(2, orphan.issues().get(0).line(), orphan.issues().toString());
        assertTrue(orphan.issues().get(0).message().contains("JP-0001"));
    }

    @Test
    void versionStatusFollowsThePublishedVersion() {
        assertEquals(Versions.DRAFT, Versions.status(null, 1));
        assertEquals(Versions.PUBLISHED, Versions.status(2, 2));
        assertEquals(Versions.SUPERSEDED, Versions.status(2, 1));
        assertEquals(Versions.DRAFT, Versions.status(2, 3));
    }

    @Test
    void aChangedShippedTemplateIsOfferedWithItsDiff() {
        ShippedTemplates.Template now = SHIPPED.find("JP-0001").orElseThrow();
        String old = now.yaml().replace("2024-10-01: 30000", "2024-10-01: 29000");
        String oldHash = ShippedTemplates.hash(old);

        TemplateUpdate none = Versions.templateUpdate("JP-0001", now.yaml(), now.hash(), now.yaml(), Optional.of(now));
        assertFalse(none.available());
        assertFalse(none.edited());

        TemplateUpdate u = Versions.templateUpdate("JP-0001", old, oldHash, old, Optional.of(now));
        assertTrue(u.available());
        assertFalse(u.edited(), "the city kept the template as shipped");
        List<DiffLine> changed = u.diff().stream().filter(d -> d.op() != DiffLine.Op.SAME).toList();
        assertEquals(2, changed.size(), changed.toString());
        assertEquals(DiffLine.Op.REMOVED, changed.get(0).op());
        assertTrue(changed.get(0).text().contains("29000"));
        assertEquals(DiffLine.Op.ADDED, changed.get(1).op());
        assertTrue(changed.get(1).text().contains("30000"));
        assertEquals(changed.get(0).oldLine(), changed.get(1).newLine());

        String edited = old.replace("name: 児童手当", "name: 児童手当（尼崎市）");
        assertTrue(Versions.templateUpdate("JP-0001", edited, oldHash, old, Optional.of(now)).edited());
        assertFalse(Versions.templateUpdate("JP-0001", old, oldHash, old, Optional.empty()).available(),
                "a template no longer shipped offers no update");
    }

    @Test
    void lineDiffKeepsOrderAndNumbers() {
        List<DiffLine> d = LineDiff.diff("a\nb\nc\n", "a\nc\nd\n");
        assertEquals(List.of(DiffLine.Op.SAME, DiffLine.Op.REMOVED, DiffLine.Op.SAME, DiffLine.Op.ADDED),
                d.stream().map(DiffLine::op).toList());
        assertEquals(2, d.get(1).oldLine());
        assertNull(d.get(1).newLine());
        assertEquals(3, d.get(3).newLine());
        assertFalse(LineDiff.changed(LineDiff.diff("x\n", "x")));
        assertEquals(3, LineDiff.diff("", "1\n2\n3").size());
    }

    @Test
    void aCityStartsFromTheNationalAndItsPrefecturesTemplates() {
        List<String> musashino = SHIPPED.forCity("13", "132039").stream().map(ShippedTemplates.Template::id).toList();
        List<String> amagasaki = SHIPPED.forCity("28", "282022").stream().map(ShippedTemplates.Template::id).toList();
        assertTrue(musashino.containsAll(List.of("JP-0001", "JP-0002", "130001-0001", "130001-0002")), musashino.toString());
        assertTrue(amagasaki.contains("JP-0001"));
        assertFalse(amagasaki.contains("130001-0001"), amagasaki.toString());
        assertEquals(64, SHIPPED.find("JP-0001").orElseThrow().hash().length());
    }

    @Test
    void aPublishedRegistryResolvesDerivedProgrammesAndLeavesHiddenOnesOut() {
        Programme parent = SHIPPED.find("JP-0001").orElseThrow().programme();
        Programme child = ProgrammeRegistry.parseTemplate(OWN.replace("id: 282022-0001", "id: 282022-0001\nparentId: JP-0001"), "t");
        ProgrammeRegistry all = ProgrammeRegistry.of(List.of(parent, child), SHIPPED.commonParameters());
        // resolving an already resolved set again changes nothing (the store builds the visible set that way)
        ProgrammeRegistry again = ProgrammeRegistry.of(all.all(), SHIPPED.commonParameters());
        assertEquals(all.find("282022-0001").orElseThrow().rule().conditions(),
                again.find("282022-0001").orElseThrow().rule().conditions());
        // the child's condition "child" replaces the parent's condition of the same id
        List<EligibilityRule.Condition> merged = again.find("282022-0001").orElseThrow().rule().conditions();
        assertEquals(parent.rule().conditions().size(), merged.size());
        assertEquals("中学生以下の子がいる", merged.get(0).label());
        assertTrue(again.find("282022-0001").orElseThrow().rule().parameters().containsKey("thirdOnwards"));
    }
}
