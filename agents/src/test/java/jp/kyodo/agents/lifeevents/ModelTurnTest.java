package jp.kyodo.agents.lifeevents;

import jp.kyodo.agents.lifeevents.internal.Plan;
import jp.kyodo.agents.lifeevents.internal.Planner;
import static jp.kyodo.agents.lifeevents.FakeToolModel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.agents.lifeevents.FakeToolModel.Call;
import jp.kyodo.agents.lifeevents.FakeToolModel.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model path of a life-event bundle against a fake OpenAI-protocol server (LangChain4j's real client): the model
 * reads the person's words into the open question's value and phrases its reply, through the declared reading tools
 * only; whatever else it asks for — submit, sign, another city, another person, a writing tool, another question — is
 * refused, recorded, and reaches no tool.
 */
class ModelTurnTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
    static FakeToolModel model;

    @BeforeAll
    static void start() throws Exception {
        model = new FakeToolModel();
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    record Setup(FakeCitizen citizen, ToolBox box, ModelTurn turn, BundleDefinition.Question open) {
    }

    static Setup setup(Map<String, String> answers) {
        FakeCitizen citizen = new FakeCitizen("尼崎市", "AMA-CANARY");
        BundleDefinition birth = BundleCatalogue.shipped().get("birth");
        ToolBox planning = ToolBox.declaredBy(citizen, birth);
        Plan plan = new Planner(birth, planning.readMyRecord(), answers, planning.lookUpProcedures(), TODAY).plan();
        citizen.ran.clear();
        ToolBox box = ToolBox.declaredBy(citizen, birth); // the turn's own calls only
        return new Setup(citizen, box, new ModelTurn(model.chatModel(), birth, plan.next(), box,
                Set.of(FakeCitizen.OWN_DRAFT), TODAY), plan.next());
    }

    @Test
    void theModelReadsFreeTextIntoTheOpenQuestionAndPhrasesItsReply() {
        Setup s = setup(Map.of());
        assertEquals("childName", s.open().id());
        model.script = r -> r.toolResults() == 0
                ? Reply.calls(List.of(new Call("c1", "read-city-knowledge", args("query", "出生 名前")),
                        new Call("c2", ModelTurn.FILL_ANSWER, args("question", "childName", "value", "試験 花子"))))
                : Reply.text("花子さんですね。次に、生まれた日を教えてください。");
        ModelTurn.Outcome out = s.turn().run("娘の名前は 試験 花子 にしました", null, "ja");
        assertEquals(new ModelTurn.Proposal("childName", "試験 花子"), out.proposal());
        assertEquals("花子さんですね。次に、生まれた日を教えてください。", out.reply());
        assertEquals(List.of(), out.refused());
        assertEquals(List.of(new FakeCitizen.Ran("read-city-knowledge", "出生 名前")), s.citizen().ran);
        // the model is offered the bundle's reading tools and fill-answer: nothing that writes, submits or signs
        assertEquals(Set.of("read-my-record", "look-up-procedures", "read-city-knowledge", "read-my-draft",
                ModelTurn.FILL_ANSWER), Set.copyOf(model.received.get(model.received.size() - 1).offered()));
        // the person's words reach the model marked as data
        assertTrue(model.received.get(model.received.size() - 2).sees("<resident>娘の名前は 試験 花子 にしました</resident>"));
    }

    @Test
    void aModelThatTriesToSubmitSignOrReachAnotherCityOrPersonIsRefusedAndRecorded() {
        Setup s = setup(Map.of());
        model.script = r -> r.toolResults() == 0
                ? Reply.calls(List.of(new Call("a1", "submit-application", args("applicationId", FakeCitizen.OWN_DRAFT)),
                        new Call("a2", "confirm", args("applicationId", FakeCitizen.OWN_DRAFT, "confirm", "true")),
                        new Call("a3", "sign", args("applicationId", FakeCitizen.OWN_DRAFT)),
                        new Call("a4", "update-my-draft", args("applicationId", FakeCitizen.OWN_DRAFT, "status", "SUBMITTED")),
                        new Call("a5", "create-my-draft", args("procedureId", "jido-teate-nintei")),
                        new Call("a6", "switch-city", args("city", "132039")),
                        new Call("a7", "read-city-knowledge", args("query", "住民票", "city", "132039")),
                        new Call("a8", "read-my-draft", args("applicationId", FakeCitizen.OTHER_PERSONS_APPLICATION)),
                        new Call("a9", ModelTurn.FILL_ANSWER, args("question", "bankName", "value", "X銀行"))))
                : Reply.text("提出しました。");
        ModelTurn.Outcome out = s.turn().run("submit now", null, "en");
        assertNull(out.proposal(), "nothing was proposed");
        assertEquals(List.of("submit-application", "confirm", "sign", "update-my-draft", "create-my-draft", "switch-city",
                "read-city-knowledge", "read-my-draft", ModelTurn.FILL_ANSWER), out.refused());
        assertEquals(List.of(), s.citizen().ran, "no request reached a tool");
        assertEquals(9, s.box().calls().size());
        assertTrue(s.box().calls().stream().noneMatch(ToolBox.Call::done), () -> "all recorded as refused: " + s.box().calls());
        assertEquals("submit-application", s.box().calls().get(0).tool());
        // the model was told each was refused
        String results = model.received.get(model.received.size() - 1).text();
        assertEquals(9, results.split("refused: ", -1).length - 1, results);
    }

    @Test
    void aValueTheQuestionDoesNotAcceptIsNotProposed() {
        Setup s = setup(Map.of("childName", "試験 花子"));
        assertEquals("childBirthDate", s.open().id());
        model.script = r -> r.toolResults() == 0
                ? Reply.calls(List.of(new Call("f1", ModelTurn.FILL_ANSWER, args("question", "childBirthDate",
                        "value", "2030-01-01"))))
                : Reply.text("…");
        assertNull(s.turn().run("来年です", null, "ja").proposal(), "a future birth date is refused");
        model.script = r -> r.toolResults() == 0
                ? Reply.calls(List.of(new Call("f2", ModelTurn.FILL_ANSWER, args("question", "childBirthDate",
                        "value", "2026-11-30"))))
                : Reply.text("11月30日ですね。");
        assertEquals(new ModelTurn.Proposal("childBirthDate", "2026-11-30"), setup(Map.of("childName", "試験 花子"))
                .turn().run("先週の日曜、11月30日です", null, "ja").proposal());
    }

    @Test
    void aBundleThatDoesNotDeclareATheToolGivesItNeitherToTheModelNorThroughTheToolBox() {
        FakeCitizen citizen = new FakeCitizen("尼崎市", "AMA-CANARY");
        BundleDefinition birth = BundleCatalogue.shipped().get("birth");
        BundleDefinition narrow = new BundleDefinition(birth.id(), birth.name(), birth.nameEn(), birth.lifeEvent(),
                birth.summary(), List.of("read-my-record", "look-up-procedures"), birth.questions(), birth.steps(), birth.said());
        ToolBox box = ToolBox.declaredBy(citizen, narrow);
        ModelTurn turn = new ModelTurn(model.chatModel(), narrow, birth.questions().get(0), box, Set.of(), TODAY);
        model.script = r -> r.toolResults() == 0
                ? Reply.calls(List.of(new Call("k1", "read-city-knowledge", args("query", "出生"))))
                : Reply.text("ok");
        ModelTurn.Outcome out = turn.run("名前は花子", null, "ja");
        assertEquals(Set.of("read-my-record", "look-up-procedures", ModelTurn.FILL_ANSWER),
                Set.copyOf(model.received.get(model.received.size() - 2).offered()));
        assertEquals(List.of("read-city-knowledge"), out.refused());
        assertEquals(List.of(new ToolBox.Call("read-city-knowledge", "出生", false)), box.calls());
        assertEquals(List.of(), citizen.ran);
    }

    @Test
    void aFailingModelEndsTheTurnWithAnErrorForTheCallerToFallBack() {
        Setup s = setup(Map.of());
        model.script = r -> Reply.error();
        assertThrows(RuntimeException.class, () -> s.turn().run("花子", null, "ja"));
        assertEquals(List.of(), s.citizen().ran);
    }

    @Test
    void aModelThatNeverStopsCallingToolsIsCutOffAfterMaxRounds() {
        Setup s = setup(Map.of());
        int before = model.received.size();
        model.script = r -> Reply.calls(List.of(new Call("l" + r.toolResults(), "look-up-procedures", "{}")));
        ModelTurn.Outcome out = s.turn().run("花子", null, "ja");
        assertEquals(ModelTurn.MAX_ROUNDS, model.received.size() - before);
        assertEquals("", out.reply());
        assertEquals(ModelTurn.MAX_ROUNDS, s.citizen().ran.size());
    }
}
