package jp.kyodo.crm.lifeevents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.kyodo.agents.concierge.KnowledgeSuggestions;
import jp.kyodo.agents.lifeevents.AgentTools;
import jp.kyodo.agents.lifeevents.Draft;
import jp.kyodo.crm.applications.ApplicationView;
import jp.kyodo.crm.applications.FieldError;
import jp.kyodo.crm.applications.MyApplications;
import jp.kyodo.crm.applications.ProcedureSummary;
import jp.kyodo.crm.applications.Procedures;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.crm.citizens.Relationship;

/** The agent's tools with the signed-in citizen's own authority; see {@link AgentTools}. */
@ApplicationScoped
@Transactional
public class CitizenAgentTools implements AgentTools, jp.kyodo.agents.lifeevents.OwnerRecords {

    @Inject
    CitizenRecords records;
    @Inject
    Procedures procedures;
    @Inject
    MyApplications mine;
    @Inject
    KnowledgeSuggestions knowledge;

    @Override
    public Map<String, String> readMyRecord() {
        return facts(records.mine().orElse(null));
    }

    /** The same facts of another citizen of the city, for the operator view and the abandoned-bundle job. */
    @Override
    public Map<String, String> recordOf(String subject) {
        return facts(subject == null ? null : records.findBySubject(subject).orElse(null));
    }

    private static Map<String, String> facts(CitizenRecord r) {
        Map<String, String> f = new HashMap<>();
        if (r == null) {
            f.put("household.children", "0");
            return f;
        }
        Profile p = r.profile();
        put(f, "profile.fullName", p.fullName());
        put(f, "profile.phone", p.phone());
        put(f, "profile.postalCode", p.postalCode());
        put(f, "profile.address", Stream.of(p.prefecture(), p.municipality(), p.street())
                .filter(s -> s != null && !s.isBlank()).collect(Collectors.joining()));
        put(f, "profile.birthDate", p.birthDate() == null ? null : p.birthDate().toString());
        List<HouseholdMember> children = r.household().stream()
                .filter(m -> m.relationship() == Relationship.CHILD && m.actsFor())
                .sorted(Comparator.comparing(HouseholdMember::birthDate, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        f.put("household.children", String.valueOf(children.size()));
        for (int i = 0; i < children.size(); i++) {
            HouseholdMember m = children.get(i);
            put(f, "household.child." + i + ".id", m.id().toString());
            put(f, "household.child." + i + ".fullName", m.fullName());
            put(f, "household.child." + i + ".birthDate", m.birthDate() == null ? null : m.birthDate().toString());
        }
        return f;
    }

    @Override
    public Set<String> lookUpProcedures() {
        return procedures.list(true).stream().map(ProcedureSummary::procedureId).collect(Collectors.toSet());
    }

    @Override
    public Draft createMyDraft(String procedureId, String memberId, Map<String, String> values) {
        ApplicationView v = mine.start(new MyApplications.Start(procedureId, memberId));
        return values == null || values.isEmpty() ? draft(v) : updateMyDraft(v.id(), values);
    }

    @Override
    public Draft updateMyDraft(String applicationId, Map<String, String> values) {
        Map<String, String> answers = new LinkedHashMap<>(answers(mine.get(applicationId)));
        answers.putAll(values);
        return draft(mine.saveAnswers(applicationId, answers));
    }

    @Override
    public Draft readMyDraft(String applicationId) {
        return draft(mine.get(applicationId));
    }

    @Override
    public List<Passage> readCityKnowledge(String query) {
        // the index of the city bound to this request (KnowledgeSuggestions asks TenantContext): no city parameter
        return knowledge.suggest(query, 3).stream().map(s -> new Passage(s.entryId(), s.title(), s.answer())).toList();
    }

    static Draft draft(ApplicationView v) {
        Map<String, String> answers = answers(v);
        Map<String, String> sources = new LinkedHashMap<>();
        fields(v).forEach(f -> {
            if (f.source() != null) {
                sources.put(f.key(), f.source());
            }
        });
        return new Draft(v.id(), v.procedureId(), v.procedureName(), v.status().name(), answers, sources,
                v.missing().stream().map(FieldError::field).toList(), Draft.digestOf(answers));
    }

    static Map<String, String> answers(ApplicationView v) {
        Map<String, String> out = new LinkedHashMap<>();
        fields(v).forEach(f -> {
            if (f.value() != null && !f.value().isBlank()) {
                out.put(f.key(), f.value());
            }
        });
        return out;
    }

    private static Stream<ApplicationView.FormField> fields(ApplicationView v) {
        return v.form().stream().flatMap(s -> s.rows().stream()).flatMap(List::stream);
    }

    private static void put(Map<String, String> f, String k, String v) {
        if (v != null && !v.isBlank()) {
            f.put(k, v);
        }
    }
}
