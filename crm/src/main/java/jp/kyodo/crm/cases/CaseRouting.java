package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;
import static jp.kyodo.crm.cases.internal.CaseTexts.invalid;
import static jp.kyodo.crm.cases.internal.CaseTexts.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.kyodo.crm.cases.internal.CaseOpening;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.QueueRow;
import jp.kyodo.crm.cases.internal.RoutingRuleRow;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's routing rules (which queue, and at least which priority, a new case gets): read, replace all, add,
 * change, delete and move one. Every change validates the whole list and writes it in one transaction, audited.
 */
@ApplicationScoped
public class CaseRouting {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    AuditLog audit;
    @Inject
    CityDefaults defaults;
    @Inject
    CaseRecords records;
    @Inject
    CaseOpening opening;

    @Transactional
    public List<RoutingRule> routingRules() {
        tenant.city();
        defaults.ensure();
        return opening.rules(records.queuesById());
    }

    /** Replaces the city's routing rules (all or nothing); a rule that names the id of a stored rule keeps it. */
    @Transactional
    public List<RoutingRule> replaceRoutingRules(List<RoutingRule> rules) {
        tenant.city();
        defaults.ensure();
        List<RoutingRule> out = storeRules(rules);
        audit.record("case.routing.replace", "case_routing_rule", "*", Map.of("rules", out.size()));
        return out;
    }

    /**
     * Adds one rule: at the end of the order when its position is 0 or less, else at that position (which must be
     * free). Returns all rules.
     */
    @Transactional
    public List<RoutingRule> addRoutingRule(RoutingRule r) {
        tenant.city();
        defaults.ensure();
        Checks.valid(r);
        List<RoutingRule> all = new ArrayList<>(opening.rules(records.queuesById()));
        int position = r.position() > 0 ? r.position()
                : all.stream().mapToInt(RoutingRule::position).max().orElse(0) + 10;
        all.add(new RoutingRule(position, r.category(), r.keywords(), r.departmentWords(), r.priority(), r.queueCode(), null));
        List<RoutingRule> out = storeRules(all);
        String id = out.stream().filter(x -> x.position() == position).map(x -> x.id().toString()).findFirst().orElse("?");
        audit.record("case.routing.add", "case_routing_rule", id, Map.of("position", position));
        return out;
    }

    /** Changes one rule's conditions, priority and queue; its place in the order stays (see {@link #moveRoutingRule}). */
    @Transactional
    public List<RoutingRule> updateRoutingRule(String id, RoutingRule r) {
        tenant.city();
        defaults.ensure();
        Checks.valid(r);
        RoutingRule old = rule(id);
        List<RoutingRule> all = new ArrayList<>();
        for (RoutingRule x : opening.rules(records.queuesById())) {
            all.add(x.id().equals(old.id()) ? new RoutingRule(old.position(), r.category(), r.keywords(),
                    r.departmentWords(), r.priority(), r.queueCode(), old.id()) : x);
        }
        List<RoutingRule> out = storeRules(all);
        audit.record("case.routing.update", "case_routing_rule", old.id().toString(), Map.of("position", old.position()));
        return out;
    }

    /** Deletes one rule. */
    @Transactional
    public List<RoutingRule> deleteRoutingRule(String id) {
        tenant.city();
        defaults.ensure();
        RoutingRule old = rule(id);
        List<RoutingRule> out = storeRules(opening.rules(records.queuesById()).stream().filter(x -> !x.id().equals(old.id())).toList());
        audit.record("case.routing.delete", "case_routing_rule", old.id().toString(), Map.of("position", old.position()));
        return out;
    }

    /** Moves one rule a place up (evaluated earlier) or down, by swapping positions with its neighbour. */
    @Transactional
    public List<RoutingRule> moveRoutingRule(String id, boolean up) {
        tenant.city();
        defaults.ensure();
        RoutingRule old = rule(id);
        List<RoutingRule> all = new ArrayList<>(opening.rules(records.queuesById()));
        int i = all.indexOf(old);
        int j = up ? i - 1 : i + 1;
        if (j < 0 || j >= all.size()) {
            return all;
        }
        RoutingRule other = all.get(j);
        all.set(i, withPosition(other, old.position()));
        all.set(j, withPosition(old, other.position()));
        List<RoutingRule> out = storeRules(all);
        audit.record("case.routing.move", "case_routing_rule", old.id().toString(), Map.of("up", up));
        return out;
    }

    private static RoutingRule withPosition(RoutingRule r, int position) {
        return new RoutingRule(position, r.category(), r.keywords(), r.departmentWords(), r.priority(), r.queueCode(),
                r.id());
    }

    private RoutingRule rule(String id) {
        UUID uuid = uuid(id);
        return opening.rules(records.queuesById()).stream().filter(r -> r.id().equals(uuid)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("routing rule"));
    }

    /** Validates every rule, then writes the whole list (ids kept when given and stored, else new). */
    private List<RoutingRule> storeRules(List<RoutingRule> rules) {
        if (rules == null || rules.size() > 200) {
            throw ProblemException.badRequest("rules", "ルールは0〜200件で指定してください", "0 to 200 rules");
        }
        Map<UUID, QueueRow> queues = records.queuesById();
        Set<Integer> positions = new HashSet<>();
        for (RoutingRule r : rules) {
            Checks.valid(r);
            if (!positions.add(r.position())) {
                throw invalid("position", "順番 " + r.position() + " が重複しています", "duplicate position");
            }
            if (queues.values().stream().noneMatch(q -> q.code.equals(r.queueCode()))) {
                throw invalid("queueCode", "窓口 " + r.queueCode() + " はありません", "unknown queue");
            }
            if (r.category() != null && !r.category().isBlank() && Category.of(r.category()).isEmpty()) {
                throw invalid("category", "分類 " + r.category() + " はありません", "unknown category");
            }
        }
        Set<UUID> stored = new HashSet<>();
        em.createQuery("select r.id from RoutingRuleRow r", UUID.class).getResultStream().forEach(stored::add);
        em.createQuery("delete from RoutingRuleRow").executeUpdate();
        em.flush();
        em.clear();
        Set<UUID> used = new HashSet<>();
        for (RoutingRule r : rules) {
            RoutingRuleRow row = new RoutingRuleRow();
            row.id = r.id() != null && stored.contains(r.id()) && used.add(r.id()) ? r.id() : UUID.randomUUID();
            row.position = r.position();
            row.category = blankToNull(r.category());
            row.keywords = RoutingRuleRow.join(r.keywords());
            row.suggestedDepartment = RoutingRuleRow.join(r.departmentWords());
            row.priority = r.priority() == null ? null : r.priority().name();
            row.queueId = queues.values().stream().filter(q -> q.code.equals(r.queueCode())).findFirst().orElseThrow().id;
            em.persist(row);
        }
        em.flush();
        return opening.rules(records.queuesById());
    }
}
