package jp.kyodo.crm.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.applications.internal.AnswerCheck;
import jp.kyodo.crm.applications.internal.DefinitionReader;
import jp.kyodo.crm.applications.internal.ShippedProcedures;
import org.junit.jupiter.api.Test;

/** Procedure definitions: the shipped ones are valid; invalid ones are refused with the position of each error. */
class DefinitionReaderTest {

    static final String VALID = """
            id: test-proc
            name: 試験の手続き
            sections:
              - id: a
                title: 区分A
                fields:
                  - {id: name, type: text, label: 氏名, required: true, prefill: profile.fullName}
                  - id: kind
                    type: choice
                    label: 種別
                    options:
                      - {value: x, label: X}
                      - {value: y, label: Y}
                  - {id: other, type: text, label: その他, required: true, showIf: {field: kind, equals: y}}
              - id: kids
                title: 子ども
                repeat: {min: 1, max: 3, prefill: household.children}
                fields:
                  - {id: name, type: text, label: 名前, required: true, prefill: member.fullName}
                  - {id: age, type: number, label: 年齢, min: 0, max: 18}
            workflow:
              steps:
                - {id: check, name: 確認, role: staff, responseHours: 24, twoPersonCheck: true}
            notice:
              title: 通知
              approved: "{{applicant}} 様 {{count:kids}}人 {{a.name}}"
              rejected: "理由 {{reason}}"
            """;

    static List<DefinitionIssue> issues(String yaml) {
        return DefinitionReader.read(yaml).issues();
    }

    static DefinitionIssue only(String yaml) {
        List<DefinitionIssue> i = issues(yaml);
        assertEquals(1, i.size(), () -> i.toString());
        return i.get(0);
    }

    @Test
    void everyShippedTemplateIsValid() throws IOException {
        List<String> names = ShippedProcedures.names();
        assertEquals(6, names.size(), names::toString);
        for (String name : names) {
            try (InputStream in = ShippedProcedures.class.getClassLoader().getResourceAsStream("procedures/" + name)) {
                var r = DefinitionReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                assertTrue(r.valid(), () -> name + ": " + r.issues());
            }
        }
    }

    @Test
    void aValidDefinitionReadsWhole() {
        var r = DefinitionReader.read(VALID);
        assertTrue(r.valid(), () -> r.issues().toString());
        ProcedureDefinition d = r.definition();
        assertEquals("test-proc", d.id());
        assertEquals(2, d.sections().size());
        assertTrue(d.sections().get(1).repeats());
        assertEquals(ProcedureDefinition.Signature.SIGNED_IN, d.signature(), "signed-in by default");
        assertTrue(d.steps().get(0).twoPersonCheck());
    }

    @Test
    void anUnknownFieldTypeIsRefusedAtItsLine() {
        DefinitionIssue i = only(VALID.replace("{id: age, type: number", "{id: age, type: nombre"));
        assertEquals("/sections/1/fields/1/type", i.path());
        assertEquals(20, i.line(), i::toString);
        assertTrue(i.message().contains("nombre"), i::toString);
    }

    @Test
    void aMissingWorkflowAndAnUnknownRoleAreRefused() {
        DefinitionIssue i = only(VALID.replace("role: staff", "role: mayor"));
        assertEquals("/workflow/steps/0/role", i.path());
        assertEquals(23, i.line(), i::toString);
        List<DefinitionIssue> none = issues(VALID.replace("workflow:\n  steps:\n    - {id: check, name: 確認, role: staff, "
                + "responseHours: 24, twoPersonCheck: true}\n", ""));
        assertEquals(1, none.size(), none::toString);
        assertTrue(none.get(0).message().contains("workflow"), none::toString);
    }

    @Test
    void conditionalDisplayMustReferToAnExistingField() {
        DefinitionIssue i = only(VALID.replace("showIf: {field: kind", "showIf: {field: kinds"));
        assertEquals("/sections/0/fields/2/showIf/field", i.path());
        assertEquals(14, i.line(), i::toString);
    }

    @Test
    void choiceWithoutOptionsDuplicateIdsAndBadPrefillAreEachReported() {
        String bad = VALID.replace("          - {value: x, label: X}\n          - {value: y, label: Y}\n", "")
                .replace("{id: other,", "{id: name,").replace("prefill: profile.fullName", "prefill: profile.shoeSize");
        List<DefinitionIssue> i = issues(bad);
        assertTrue(i.stream().anyMatch(x -> x.path().equals("/sections/0/fields/1") && x.message().contains("options")), i::toString);
        assertTrue(i.stream().anyMatch(x -> x.path().equals("/sections/0/fields/2/id") && x.message().contains("重複")), i::toString);
        assertTrue(i.stream().anyMatch(x -> x.path().equals("/sections/0/fields/0/prefill") && x.line() == 7), i::toString);
    }

    @Test
    void memberPrefillOutsideARepeatOfAMemberProcedureIsRefused() {
        DefinitionIssue i = only(VALID.replace("prefill: profile.fullName", "prefill: member.fullName"));
        assertEquals("/sections/0/fields/0/prefill", i.path());
    }

    @Test
    void unknownPlaceholdersKeysAndRangesAreRefused() {
        assertEquals("/notice/approved", only(VALID.replace("{{a.name}}", "{{a.nom}}")).path());
        assertEquals("/sections/0/colour", only(VALID.replace("    title: 区分A\n", "    title: 区分A\n    colour: red\n")).path());
        assertEquals("/sections/1/repeat/min", only(VALID.replace("{min: 1, max: 3", "{min: 4, max: 3")).path());
        assertEquals("/sections/1/fields/1/min", only(VALID.replace("min: 0, max: 18", "min: 20, max: 18")).path());
    }

    @Test
    void brokenYamlIsRefusedWithItsPosition() {
        DefinitionIssue i = only("id: x\nname: [unclosed\n");
        assertTrue(i.line() >= 2, i::toString);
        assertTrue(i.message().startsWith("YAML"), i::toString);
        assertFalse(DefinitionReader.read("- just a list").valid());
    }

    @Test
    void answersAreCheckedAgainstTheForm() {
        ProcedureDefinition d = DefinitionReader.read(VALID).definition();
        // a draft may be incomplete
        assertEquals(List.of(), AnswerCheck.check(d, Map.of("a.name", "山田"), false));
        // a submission must be whole: the required name, at least one child
        var whole = AnswerCheck.check(d, Map.of(), true);
        assertTrue(whole.stream().anyMatch(e -> e.field().equals("a.name")), whole::toString);
        assertTrue(whole.stream().anyMatch(e -> e.field().equals("kids")), whole::toString);
        // conditional display: "other" is required only when kind = y
        var shown = AnswerCheck.check(d, Map.of("a.name", "山田", "a.kind", "y", "kids[0].name", "花子"), true);
        assertEquals(List.of("a.other"), shown.stream().map(FieldError::field).toList());
        assertEquals(List.of(), AnswerCheck.check(d, Map.of("a.name", "山田", "a.kind", "x", "kids[0].name", "花子"), true));
        // types, ranges, options, unknown keys, rows beyond max
        var wrong = AnswerCheck.check(d, Map.of("a.name", "山田", "a.kind", "z", "kids[0].name", "花子", "kids[0].age", "19",
                "kids[3].name", "四人目", "a.shoe", "27"), true);
        assertEquals(List.of("a.kind", "a.shoe", "kids[0].age", "kids[1].name", "kids[2].name", "kids[3].name"),
                wrong.stream().map(FieldError::field).sorted().toList(), wrong::toString);
        // each error carries a code and its figures, so a page can word it in any of its languages
        Map<String, String> codes = new java.util.TreeMap<>();
        wrong.forEach(e -> codes.put(e.field(), e.code() + e.values()));
        assertEquals(Map.of("a.kind", "choice[]", "a.shoe", "unknown[]", "kids[0].age", "between[0, 18]",
                "kids[1].name", "required[]", "kids[2].name", "required[]", "kids[3].name", "unknown[]"), codes, wrong::toString);
        assertTrue(whole.stream().allMatch(e -> FieldError.CODES.contains(e.code())), whole::toString);
        assertEquals("rows[1]", whole.stream().filter(e -> e.field().equals("kids")).map(e -> e.code() + e.values())
                .findFirst().orElseThrow());
    }
}
