package jp.kyodo.crm.cases.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.cases.Priority;

/**
 * The queues, routing rules and response targets a city starts with. Installed in the caller's transaction the first
 * time a city uses cases (a city created later gets them the same way, the demo cities too); every insert is
 * {@code ON CONFLICT DO NOTHING}, so two first requests at once install them once. A city that changed its setup keeps
 * it: nothing is added once the city has any queue.
 */
@ApplicationScoped
public class CityDefaults {

    /** A default queue: code, name, tier, department. */
    record DefaultQueue(String code, String name, int tier, String department) {
    }

    /** A default rule: position, category, keywords, department words, priority, queue. */
    record DefaultRule(int position, String category, String keywords, String departmentWords, Priority priority,
                       String queue) {
    }

    public static final String OPERATOR_QUEUE = "operator";

    static final List<DefaultQueue> QUEUES = List.of(
            new DefaultQueue(OPERATOR_QUEUE, "オペレーター窓口（一次対応）", 2, null),
            new DefaultQueue("citizen-affairs", "市民課（届出・証明）", 3, "市民課"),
            new DefaultQueue("childcare", "子ども・子育て担当", 3, "子ども家庭支援"),
            new DefaultQueue("tax", "税務担当", 3, "市民税課"),
            new DefaultQueue("insurance", "保険年金担当", 3, "保険年金課"),
            new DefaultQueue("welfare", "福祉・介護担当", 3, "高齢者・障害福祉"),
            new DefaultQueue("waste", "ごみ・環境担当", 3, "ごみ対策"));

    static final List<DefaultRule> RULES = List.of(
            // a person in danger goes to the operators at once, whatever the category
            new DefaultRule(10, null, "虐待\nDV\n暴力\n自殺\n死にたい\n緊急", null, Priority.URGENT, OPERATOR_QUEUE),
            new DefaultRule(20, "tax", null, null, null, "tax"),
            new DefaultRule(30, "waste", null, null, null, "waste"),
            new DefaultRule(40, null, null, "税", null, "tax"),
            new DefaultRule(50, null, null, "ごみ\n環境", null, "waste"),
            new DefaultRule(60, null, null, "保険\n年金", null, "insurance"),
            new DefaultRule(70, null, null, "子ども\nこども\n子育て\n保育", null, "childcare"),
            new DefaultRule(80, null, null, "介護\n高齢\n福祉\n障害", null, "welfare"));

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    /** Installs the defaults when the current city has no queue yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensure() {
        Number queues = (Number) em.createNativeQuery("SELECT count(*) FROM case_queue").getSingleResult();
        if (queues.longValue() > 0) {
            return;
        }
        int position = 0;
        for (DefaultQueue q : QUEUES) {
            em.createNativeQuery("INSERT INTO case_queue (id, code, name, tier, department, is_default, position) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (tenant_id, code) DO NOTHING")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, q.code()).setParameter(3, q.name())
                    .setParameter(4, q.tier()).setParameter(5, q.department())
                    .setParameter(6, q.code().equals(OPERATOR_QUEUE)).setParameter(7, position++).executeUpdate();
        }
        for (DefaultRule r : RULES) {
            em.createNativeQuery("INSERT INTO case_routing_rule (id, position, category, keywords, suggested_department, "
                            + "priority, queue_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT q.id FROM case_queue q WHERE q.code = ?7)) "
                            + "ON CONFLICT (tenant_id, position) DO NOTHING")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, r.position()).setParameter(3, r.category())
                    .setParameter(4, r.keywords()).setParameter(5, r.departmentWords())
                    .setParameter(6, r.priority() == null ? null : r.priority().name()).setParameter(7, r.queue())
                    .executeUpdate();
        }
        for (Priority p : Priority.values()) {
            em.createNativeQuery("INSERT INTO case_sla_policy (id, priority, response_minutes) VALUES (?1, ?2, ?3) "
                            + "ON CONFLICT (tenant_id, priority) DO NOTHING")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, p.name())
                    .setParameter(3, p.defaultResponseMinutes()).executeUpdate();
        }
    }
}
