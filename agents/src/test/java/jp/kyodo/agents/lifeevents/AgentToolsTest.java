package jp.kyodo.agents.lifeevents;

import jp.kyodo.agents.lifeevents.internal.Plan;
import jp.kyodo.agents.lifeevents.internal.Planner;
import jp.kyodo.agents.lifeevents.internal.Rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * The agent's tool set is declared, small and enforced in code: the contract has exactly one method per declared tool
 * and none that submits, signs or names a city; the tool box refuses a tool the bundle does not declare and records
 * every call; the planner and the tool box cannot reach the person's confirmation.
 */
class AgentToolsTest {

    static final List<String> FORBIDDEN = List.of("submit", "sign", "city", "tenant", "withdraw", "approve", "other");

    /** A fake citizen's tools that only remember what was called (the real ones are exercised by LifeEventBundleIT). */
    static final class Recording implements AgentTools {
        final List<String> ran = new ArrayList<>();

        @Override
        public Map<String, String> readMyRecord() {
            ran.add("readMyRecord");
            return Map.of("household.children", "0");
        }

        @Override
        public Set<String> lookUpProcedures() {
            ran.add("lookUpProcedures");
            return Set.of("juminhyo-yuso");
        }

        @Override
        public Draft createMyDraft(String procedureId, String memberId, Map<String, String> values) {
            ran.add("createMyDraft");
            return new Draft("d1", procedureId, "", "DRAFT", Map.of(), Map.of(), List.of(), Draft.digestOf(Map.of()));
        }

        @Override
        public Draft updateMyDraft(String applicationId, Map<String, String> values) {
            ran.add("updateMyDraft");
            return new Draft(applicationId, "", "", "DRAFT", values, Map.of(), List.of(), Draft.digestOf(values));
        }

        @Override
        public Draft readMyDraft(String applicationId) {
            ran.add("readMyDraft");
            return new Draft(applicationId, "", "", "DRAFT", Map.of(), Map.of(), List.of(), Draft.digestOf(Map.of()));
        }

        @Override
        public List<Passage> readCityKnowledge(String query) {
            ran.add("readCityKnowledge");
            return List.of();
        }
    }

    @Test
    void theContractIsExactlyTheDeclaredToolsAndNoneCanSubmitOrSign() {
        List<Method> methods = Arrays.stream(AgentTools.class.getDeclaredMethods()).filter(m -> !m.isSynthetic()).toList();
        assertEquals(AgentTool.values().length, methods.size(), "one method per declared tool");
        Set<String> asCodes = methods.stream().map(m -> m.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertEquals(Arrays.stream(AgentTool.values()).map(AgentTool::code).collect(Collectors.toSet()), asCodes);
        for (Method m : methods) {
            for (String word : FORBIDDEN) {
                // "my city's own knowledge" names the city of the request; its parameters are checked like all others
                String name = m.getName().toLowerCase(Locale.ROOT).replace("readcityknowledge", "read-own-knowledge");
                assertFalse(name.contains(word), m.getName());
                assertFalse(Arrays.stream(m.getParameters()).anyMatch(p -> p.getName().toLowerCase(Locale.ROOT)
                        .contains(word)), () -> m + " takes no city or other person");
            }
        }
        for (AgentTool t : AgentTool.values()) {
            FORBIDDEN.forEach(w -> assertFalse(t.code().replace("read-city-knowledge", "read-own-knowledge").contains(w),
                    t.code()));
        }
        // the knowledge tool takes only a query: which city's knowledge is never the caller's choice
        assertEquals(List.of(String.class), Arrays.stream(Arrays.stream(AgentTools.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("readCityKnowledge")).findFirst().orElseThrow().getParameterTypes()).toList());
    }

    @Test
    void theToolBoxRunsOnlyDeclaredToolsAndRecordsEveryCall() {
        Recording real = new Recording();
        ToolBox box = new ToolBox(real, Set.of(AgentTool.READ_MY_RECORD, AgentTool.LOOK_UP_PROCEDURES));
        box.readMyRecord();
        box.lookUpProcedures();
        ProblemException refused = assertThrows(ProblemException.class, () -> box.createMyDraft("juminhyo-yuso", null, Map.of()));
        assertEquals(403, refused.status());
        assertEquals(List.of("readMyRecord", "lookUpProcedures"), real.ran, "the undeclared tool never ran");
        assertEquals(List.of(new ToolBox.Call("read-my-record", "", true),
                new ToolBox.Call("look-up-procedures", "", true),
                new ToolBox.Call("create-my-draft", "juminhyo-yuso", false)), box.calls());
    }

    @Test
    void theAgentHasNoWayToTheConfirmation() {
        for (Class<?> c : List.of(Planner.class, ToolBox.class, Rows.class, ModelTurn.class)) {
            for (Field f : c.getDeclaredFields()) {
                assertFalse(PersonConfirmation.class.isAssignableFrom(f.getType()), c + "." + f.getName());
            }
        }
        assertTrue(Arrays.stream(ToolBox.class.getDeclaredFields()).anyMatch(f -> f.getType() == AgentTools.class));
    }

    @Test
    void aWholeDeathBundleRunsOnlyReadAndDraftTools() {
        Recording real = new Recording();
        BundleDefinition death = BundleCatalogue.shipped().get("death");
        ToolBox box = ToolBox.declaredBy(real, death);
        Plan plan = new Planner(death, box.readMyRecord(), Map.of("deceasedInsurance", "other", "phone", "06-1234-5678",
                "copies", "2"), box.lookUpProcedures(), java.time.LocalDate.of(2026, 12, 4)).plan();
        for (Plan.PlannedStep s : plan.steps()) {
            if (s.state() == Plan.State.READY) {
                Draft d = box.createMyDraft(s.procedureId(), s.memberId(), Map.of());
                box.updateMyDraft(d.id(), Rows.resolve(s.values(), d.answers()));
            }
        }
        assertEquals(List.of("readMyRecord", "lookUpProcedures", "createMyDraft", "updateMyDraft"), real.ran);
        assertTrue(box.calls().stream().allMatch(ToolBox.Call::done));
    }

    @Test
    void rowsFindTheNewChildOrAddARowAndStarMeansEveryRow() {
        Map<String, String> values = Map.of("children[newborn].fullName", "試験 三郎", "children[*].livingTogether", "yes",
                "bank.branch", "本店");
        Map<String, String> withChild = Map.of("children[0].fullName", "試験 太郎", "children[1].fullName", "試験 三郎");
        assertEquals(Map.of("children[1].fullName", "試験 三郎", "children[0].livingTogether", "yes",
                "children[1].livingTogether", "yes", "bank.branch", "本店"), Rows.resolve(values, withChild));
        Map<String, String> without = Map.of("children[0].fullName", "試験 太郎");
        assertEquals(Map.of("children[1].fullName", "試験 三郎", "children[0].livingTogether", "yes",
                "children[1].livingTogether", "yes", "bank.branch", "本店"), Rows.resolve(values, without));
        assertEquals(Map.of("children[0].fullName", "試験 三郎", "children[0].livingTogether", "yes", "bank.branch", "本店"),
                Rows.resolve(values, Map.of()));
    }
}
