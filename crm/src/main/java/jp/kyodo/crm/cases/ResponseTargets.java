package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.invalid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.SlaPolicyRow;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's response targets (対応期限) per priority and their warning times: read, and replace all or nothing;
 * they apply to cases opened from then on (watched by {@link jp.kyodo.crm.cases.internal.SlaSweep}).
 */
@ApplicationScoped
public class ResponseTargets {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    AuditLog audit;
    @Inject
    CityDefaults defaults;

    @Transactional
    public List<SlaTarget> slaTargets() {
        tenant.city();
        defaults.ensure();
        return em.createQuery("select s from SlaPolicyRow s", SlaPolicyRow.class).getResultStream()
                .map(s -> new SlaTarget(Priority.valueOf(s.priority), s.responseMinutes, s.warnBeforeMinutes))
                .sorted(Comparator.comparing(SlaTarget::priority)).toList();
    }

    /**
     * Changes response targets and their warning times (all or nothing); they apply to cases opened from now on. A
     * field error names the priority: {@code HIGH.responseMinutes}, {@code HIGH.warnBeforeMinutes}.
     */
    @Transactional
    public List<SlaTarget> replaceSlaTargets(List<SlaTarget> targets) {
        tenant.city();
        defaults.ensure();
        if (targets == null || targets.isEmpty()) {
            throw ProblemException.badRequest("sla", "対応期限を1件以上指定してください", "at least one target");
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        Set<Priority> seen = new HashSet<>();
        for (SlaTarget t : targets) {
            if (t == null || t.priority() == null) {
                errors.add(Map.of("field", "priority", "message", "優先度を指定してください"));
                continue;
            }
            String p = t.priority().name();
            if (!seen.add(t.priority())) {
                errors.add(Map.of("field", p + ".priority", "message", "優先度「" + t.priority().label() + "」が重複しています"));
            }
            if (t.responseMinutes() < 5 || t.responseMinutes() > 525600) {
                errors.add(Map.of("field", p + ".responseMinutes", "message",
                        "優先度「" + t.priority().label() + "」の対応期限は5分以上525600分（365日）以内にしてください"));
            }
            if (t.warnBeforeMinutes() != null && (t.warnBeforeMinutes() < 1 || t.warnBeforeMinutes() > t.responseMinutes())) {
                errors.add(Map.of("field", p + ".warnBeforeMinutes", "message",
                        "優先度「" + t.priority().label() + "」の事前の警告は1分以上、対応期限（" + t.responseMinutes()
                                + "分）以下にしてください（空欄で自動）"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    errors.stream().map(e -> e.get("field") + ": " + e.get("message")).reduce((x, y) -> x + "; " + y)
                            .orElse(""), Map.of("errors", errors));
        }
        for (SlaTarget t : targets) {
            em.createNativeQuery("INSERT INTO case_sla_policy (id, priority, response_minutes, warn_before_minutes) "
                            + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, priority) DO UPDATE SET "
                            + "response_minutes = EXCLUDED.response_minutes, warn_before_minutes = EXCLUDED.warn_before_minutes")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, t.priority().name())
                    .setParameter(3, t.responseMinutes()).setParameter(4, t.warnBeforeMinutes()).executeUpdate();
        }
        audit.record("case.sla.replace", "case_sla_policy", "*", Map.of("targets", targets.size()));
        return slaTargets();
    }
}
