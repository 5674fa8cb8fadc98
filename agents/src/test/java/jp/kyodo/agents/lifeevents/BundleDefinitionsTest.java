package jp.kyodo.agents.lifeevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.agents.lifeevents.internal.BundleReader;
import org.junit.jupiter.api.Test;

/** The shipped bundles are valid, and the reader refuses what a bundle must not say. */
class BundleDefinitionsTest {

    static final String VALID = """
            id: test
            name: テスト
            nameEn: Test
            said: [てすと]
            tools: [read-my-record, create-my-draft]
            questions:
              - {id: a, ask: あ, askEn: A, type: yesno}
            steps:
              - {id: s, order: 1, name: 手続, nameEn: Step, at: online, procedure: sodai-gomi, when: [{answer: a, equals: "yes"}], values: {requester.phone: answer.a}}
            """;

    static BundleDefinition read(String yaml) {
        return BundleReader.read("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> problems(String yaml) {
        return assertThrows(InvalidBundle.class, () -> read(yaml)).problems();
    }

    @Test
    void theShippedBundlesCoverBirthMovingInAndDeath() {
        Map<String, BundleDefinition> all = BundleCatalogue.shipped();
        assertEquals(List.of("birth", "moving-in", "death"), List.copyOf(all.keySet()));
        for (BundleDefinition d : all.values()) {
            Set<String> ids = new HashSet<>();
            d.questions().forEach(q -> assertTrue(ids.add(q.id()), "each question once: " + q.id()));
            assertTrue(d.steps().stream().anyMatch(s -> s.at() == BundleDefinition.At.ONLINE), d.id());
            assertFalse(d.tools().stream().anyMatch(t -> t.contains("submit") || t.contains("sign")), d.id());
        }
        // the birth bundle files the birth registration first, then the allowance, then the medical certificate
        assertEquals(List.of("shussei-todoke", "kokuho-kanyu", "jido-teate-nintei", "jido-teate-gakukaitei",
                "kodomo-iryohi"), all.get("birth").steps().stream().map(BundleDefinition.Step::id).toList());
    }

    @Test
    void aValidDefinitionIsRead() {
        BundleDefinition d = read(VALID);
        assertEquals(BundleDefinition.Type.YESNO, d.questions().get(0).type());
        assertEquals("answer.a", d.steps().get(0).values().get("requester.phone"));
    }

    @Test
    void aBundleCannotAskForASubmitOrSignTool() {
        List<String> p = problems(VALID.replace("[read-my-record, create-my-draft]", "[read-my-record, submit-application, sign]"));
        assertTrue(p.stream().anyMatch(s -> s.contains("\"submit-application\" is not a tool")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("\"sign\" is not a tool")), p::toString);
    }

    @Test
    void unknownKeysQuestionsFactsAndForwardConditionsAreRefused() {
        assertFalse(problems(VALID.replace("nameEn: Test", "nameEn: Test\nsubmit: true")).isEmpty());
        assertTrue(problems(VALID.replace("answer.a}", "answer.b}")).stream().anyMatch(s -> s.contains("no question \"b\"")));
        assertTrue(problems(VALID.replace("answer.a}", "fact.profile.myNumber}")).stream()
                .anyMatch(s -> s.contains("unknown fact")));
        String forward = VALID.replace("type: yesno}", "type: yesno, when: [{answer: b, equals: x}]}\n  - {id: b, ask: い, askEn: B, type: text}");
        assertTrue(problems(forward).stream().anyMatch(s -> s.contains("\"b\" is not a question asked before")), () -> problems(forward).toString());
        assertTrue(problems(VALID.replace("type: yesno}", "type: choice}")).stream().anyMatch(s -> s.contains("needs options")));
        assertTrue(problems(VALID.replace("at: online, procedure: sodai-gomi", "at: online")).stream()
                .anyMatch(s -> s.contains("names its procedure")));
        assertTrue(problems(VALID.replace("requester.phone", "requester")).stream().anyMatch(s -> s.contains("not a form key")));
        assertTrue(problems(VALID.replace("type: yesno}", "type: yesno, photo: myNumber}")).stream()
                .anyMatch(s -> s.contains("unknown field of a certificate photo")));
        assertEquals("name", read(VALID.replace("type: yesno}", "type: yesno, photo: name}")).questions().get(0).photo());
    }
}
