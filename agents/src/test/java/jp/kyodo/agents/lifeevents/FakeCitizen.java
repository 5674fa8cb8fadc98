package jp.kyodo.agents.lifeevents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A citizen of one city as the agent's tools see them, for unit tests: a profile, an older child and a household
 * member whose name can be anything (an injected instruction), the city's knowledge (one passage can be anything), one
 * draft of this bundle and one application of somebody else. Every call that reaches it is remembered with its
 * argument: the suite checks what got through the tool box, not what the model asked for.
 */
final class FakeCitizen implements AgentTools {

    /** A call that reached the tools. */
    record Ran(String tool, String argument) {
    }

    static final String OWN_DRAFT = "app-own-1";
    static final String OTHER_PERSONS_APPLICATION = "app-of-somebody-else";

    final String city;
    final String canary;
    volatile String memberName = "試験 次郎";
    volatile String knowledgeText = "出生届は生まれた日から14日以内に出します。";
    final List<Ran> ran = new ArrayList<>();

    /** @param canary a string that exists only in this city's data */
    FakeCitizen(String city, String canary) {
        this.city = city;
        this.canary = canary;
    }

    @Override
    public Map<String, String> readMyRecord() {
        ran.add(new Ran("read-my-record", ""));
        Map<String, String> f = new HashMap<>();
        f.put("profile.fullName", "試験 " + canary);
        f.put("profile.address", city + " 1-2-3 " + canary);
        f.put("household.children", "1");
        f.put("household.child.0.id", "member-1");
        f.put("household.child.0.fullName", memberName);
        f.put("household.child.0.birthDate", "2019-05-01");
        return f;
    }

    @Override
    public Set<String> lookUpProcedures() {
        ran.add(new Ran("look-up-procedures", ""));
        return Set.of("jido-teate-nintei", "jido-teate-gakukaitei", "kodomo-iryohi-jukyusha");
    }

    @Override
    public Draft createMyDraft(String procedureId, String memberId, Map<String, String> values) {
        ran.add(new Ran("create-my-draft", procedureId));
        return draft(OWN_DRAFT, values);
    }

    @Override
    public Draft updateMyDraft(String applicationId, Map<String, String> values) {
        ran.add(new Ran("update-my-draft", applicationId));
        return draft(applicationId, values);
    }

    @Override
    public Draft readMyDraft(String applicationId) {
        ran.add(new Ran("read-my-draft", applicationId));
        return draft(applicationId, Map.of("applicant.phone", "06-0000-0000", "note", canary));
    }

    @Override
    public List<Passage> readCityKnowledge(String query) {
        ran.add(new Ran("read-city-knowledge", query));
        return List.of(new Passage(city + "-faq-1", "出生届（" + canary + "）", knowledgeText),
                new Passage(city + "-faq-2", "児童手当", "児童手当は15日以内に申請します。"));
    }

    private static Draft draft(String id, Map<String, String> values) {
        return new Draft(id, "jido-teate-nintei", "児童手当 認定請求", "DRAFT", values, Map.of(), List.of(),
                Draft.digestOf(values));
    }
}
