package jp.kyodo.agents.lifeevents;

import jp.kyodo.agents.lifeevents.internal.Plan;
import jp.kyodo.agents.lifeevents.internal.Planner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jp.kyodo.agents.lifeevents.internal.Plan.State;
import org.junit.jupiter.api.Test;

/** The deterministic planner over the shipped bundles: which questions, once each, in order; which steps apply. */
class PlannerTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    static final Set<String> OFFERED = Set.of("jido-teate-nintei", "jido-teate-gakukaitei", "kodomo-iryohi-jukyusha",
            "juminhyo-yuso", "sodai-gomi", "inu-toroku");
    static final Map<String, BundleDefinition> BUNDLES = BundleCatalogue.shipped();

    static Map<String, String> parent(String... children) {
        Map<String, String> f = new HashMap<>(Map.of("profile.fullName", "試験 花子", "profile.phone", "06-6375-0000"));
        f.put("household.children", String.valueOf(children.length));
        for (int i = 0; i < children.length; i++) {
            f.put("household.child." + i + ".id", "m" + i);
            f.put("household.child." + i + ".fullName", "子 " + i);
            f.put("household.child." + i + ".birthDate", children[i]);
        }
        return f;
    }

    /** Runs the dialogue: answers each question as {@code answer} says until none is left; returns the questions asked. */
    static List<String> dialogue(String bundle, Map<String, String> facts, Map<String, String> answers,
                                 Function<String, String> answer, Set<String> offered) {
        List<String> asked = new ArrayList<>();
        for (int guard = 0; guard < 50; guard++) {
            Plan p = new Planner(BUNDLES.get(bundle), facts, answers, offered, TODAY).plan();
            if (p.next() == null) {
                return asked;
            }
            asked.add(p.next().id());
            answers.put(p.next().id(), answer.apply(p.next().id()));
        }
        throw new AssertionError("the dialogue does not end: " + asked);
    }

    static Function<String, String> answers(Map<String, String> given) {
        return q -> given.getOrDefault(q, "x");
    }

    static Map<String, State> states(Plan p) {
        Map<String, State> out = new LinkedHashMap<>();
        p.steps().forEach(s -> out.put(s.key(), s.state()));
        return out;
    }

    @Test
    void aBirthRecordedInTheHouseholdAsksOnlyWhatTheRecordDoesNotSay() {
        Map<String, String> facts = parent("2026-11-30");
        Map<String, String> answers = new HashMap<>();
        List<String> asked = dialogue("birth", facts, answers, answers(Map.of("insurance", "kosei", "accountType", "futsu",
                "accountNumber", "1234567")), OFFERED);
        // the child's name and birth date come from the household, the phone from the profile; no older child → no
        // question about an allowance already received
        assertEquals(List.of("insurance", "employer", "childInsurer", "bankName", "branch", "accountType", "accountNumber"), asked);
        Plan plan = new Planner(BUNDLES.get("birth"), facts, answers, OFFERED, TODAY).plan();
        assertNull(plan.next());
        assertEquals(Map.of("childName", "子 0", "childBirthDate", "2026-11-30", "phone", "06-6375-0000"), plan.known());
        assertEquals(List.of(State.AT_COUNTER, State.NOT_NEEDED, State.READY, State.NOT_NEEDED, State.READY),
                List.copyOf(states(plan).values()));
        Plan.PlannedStep allowance = plan.steps().get(2);
        assertEquals("子 0", allowance.values().get("children[newborn].fullName"));
        assertEquals("record:household.newborn.fullName", allowance.from().get("children[newborn].fullName"));
        assertEquals("kosei", allowance.values().get("applicant.insurance"));
        assertEquals("answer:insurance", allowance.from().get("applicant.insurance"));
        assertEquals("x", allowance.values().get("applicant.employer"));
        assertEquals("bundle", allowance.from().get("children[*].livingTogether"));
        Plan.PlannedStep medical = plan.steps().get(4);
        assertEquals("m0", medical.memberId());
        assertEquals("x", medical.values().get("guardian.insurer"));
    }

    @Test
    void aBirthNotYetInTheHouseholdAsksForTheChildAndWaitsWithTheMedicalCertificate() {
        Map<String, String> facts = parent();
        facts.remove("profile.phone");
        Map<String, String> answers = new HashMap<>();
        List<String> asked = dialogue("birth", facts, answers, answers(Map.of("childBirthDate", "2026-12-01",
                "phone", "06-6375-0000", "insurance", "kokuho", "accountType", "toza")), OFFERED);
        // no employer (national insurance); no insurer for the child: the certificate waits for the household record
        assertEquals(List.of("childName", "childBirthDate", "phone", "insurance", "bankName", "branch", "accountType",
                "accountNumber"), asked);
        Plan plan = new Planner(BUNDLES.get("birth"), facts, answers, OFFERED, TODAY).plan();
        assertEquals(List.of(State.AT_COUNTER, State.AT_COUNTER, State.READY, State.NOT_NEEDED, State.WAITING),
                List.copyOf(states(plan).values()));
        assertNull(plan.steps().get(2).values().get("applicant.employer"));
    }

    @Test
    void anOlderChildWithTheAllowanceMeansAChangeOfAmountAndNoBankQuestions() {
        Map<String, String> facts = parent("2026-11-20", "2020-05-05");
        Map<String, String> answers = new HashMap<>();
        List<String> asked = dialogue("birth", facts, answers, answers(Map.of("receivesAllowance", "yes",
                "insurance", "kyosai")), OFFERED);
        assertEquals(List.of("receivesAllowance", "insurance", "childInsurer"), asked);
        Plan plan = new Planner(BUNDLES.get("birth"), facts, answers, OFFERED, TODAY).plan();
        assertEquals(State.NOT_NEEDED, states(plan).get("jido-teate-nintei"));
        assertEquals(State.READY, states(plan).get("jido-teate-gakukaitei"));
        assertEquals("子 0", plan.steps().get(3).values().get("added[0].fullName"), "the newest child, not the older one");
    }

    @Test
    void changingAnAnswerDropsWhatDependedOnIt() {
        Map<String, String> facts = parent("2026-11-30");
        Map<String, String> answers = new HashMap<>(Map.of("insurance", "kosei", "employer", "試験株式会社"));
        Plan before = new Planner(BUNDLES.get("birth"), facts, answers, OFFERED, TODAY).plan();
        assertEquals("試験株式会社", before.steps().get(2).values().get("applicant.employer"));
        answers.put("insurance", "kokuho");
        Plan after = new Planner(BUNDLES.get("birth"), facts, answers, OFFERED, TODAY).plan();
        assertNull(after.steps().get(2).values().get("applicant.employer"), "the employer no longer applies");
        assertEquals(State.AT_COUNTER, after.steps().get(1).state());
    }

    @Test
    void aProcedureTheCityDoesNotOfferIsNotPreparedAndItsQuestionsAreNotAsked() {
        Map<String, String> facts = parent("2026-11-30");
        Map<String, String> answers = new HashMap<>();
        List<String> asked = dialogue("birth", facts, answers, answers(Map.of("insurance", "kyosai")),
                Set.of("jido-teate-nintei", "jido-teate-gakukaitei"));
        assertEquals(List.of("insurance", "bankName", "branch", "accountType", "accountNumber"), asked);
        Plan plan = new Planner(BUNDLES.get("birth"), facts, answers, Set.of("jido-teate-nintei"), TODAY).plan();
        assertEquals(State.NOT_OFFERED, states(plan).get("kodomo-iryohi"));
    }

    @Test
    void movingInPreparesOneMedicalCertificatePerChildAndTheDogOnlyWhenThereIsOne() {
        Map<String, String> facts = parent("2019-01-01", "2022-02-02");
        Map<String, String> answers = new HashMap<>();
        List<String> asked = dialogue("moving-in", facts, answers, answers(Map.of(
                "insurance", "kyosai", "hasDog", "no", "accountType", "futsu")), OFFERED);
        assertEquals(List.of("insurance", "childInsurer", "bankName", "branch", "accountType", "accountNumber",
                "hasDog"), asked);
        Map<String, State> s = states(new Planner(BUNDLES.get("moving-in"), facts, answers, OFFERED, TODAY).plan());
        assertEquals(State.READY, s.get("kodomo-iryohi:m0"));
        assertEquals(State.READY, s.get("kodomo-iryohi:m1"));
        assertEquals(State.NOT_NEEDED, s.get("inu-toroku"));
        // a single person without children: no allowance, no certificate, no bank questions
        Map<String, String> single = new HashMap<>();
        List<String> asked2 = dialogue("moving-in", parent(), single, answers(Map.of(
                "insurance", "kokuho", "hasDog", "yes", "dogBirthDate", "2024-01-01", "dogSex", "female", "microchip", "yes")),
                OFFERED);
        assertEquals(List.of("insurance", "hasDog", "dogName", "dogBreed", "dogBirthDate", "dogSex", "microchip"), asked2,
                "the insurance still decides the counter step for national health insurance; no employer, no bank");
    }

    @Test
    void aDeathAsksForTheCopiesAndListsTheCounterStepsInOrder() {
        Map<String, String> answers = new HashMap<>();
        List<String> asked = dialogue("death", parent(), answers, answers(Map.of(
                "deceasedInsurance", "koki", "copies", "3")), OFFERED);
        assertEquals(List.of("deceasedInsurance", "copies"), asked, "the phone comes from the profile");
        Plan plan = new Planner(BUNDLES.get("death"), parent(), answers, OFFERED, TODAY).plan();
        assertNotNull(plan);
        assertEquals("3", plan.steps().stream().filter(x -> x.stepId().equals("juminhyo")).findFirst().orElseThrow()
                .values().get("request.copies"));
    }
}
