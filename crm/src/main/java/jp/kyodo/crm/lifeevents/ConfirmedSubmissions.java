package jp.kyodo.crm.lifeevents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.TreeSet;
import jp.kyodo.agents.lifeevents.Draft;
import jp.kyodo.agents.lifeevents.PersonConfirmation;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.ApplicationView;
import jp.kyodo.crm.applications.MyApplications;
import jp.kyodo.crm.applications.Receipt;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Files a draft on the person's confirmation, through the applications capability's own submit (idempotent: the same
 * confirmation twice files once), and records in the audit log what was confirmed: the procedure, the digest of the
 * values and which fields they were (no values: the audit log holds no personal data).
 */
@ApplicationScoped
@Transactional
public class ConfirmedSubmissions implements PersonConfirmation {

    @Inject
    MyApplications mine;
    @Inject
    AuditLog audit;

    @Override
    public Filed submitConfirmed(String applicationId, String digest, String bundleId) {
        ApplicationView v = mine.get(applicationId);
        Map<String, String> answers = CitizenAgentTools.answers(v);
        if (v.status() == ApplicationStatus.DRAFT && !Draft.digestOf(answers).equals(digest)) {
            throw ProblemException.conflict("plan-changed", "確認した後に内容が変わりました。もう一度内容を確かめてから"
                    + "提出してください。", "The values changed after you checked them; review them again before filing.");
        }
        Receipt r = mine.submit(applicationId, "life-event:" + bundleId + ":" + digest);
        audit.record("application.submit-confirmed", "application", applicationId, Map.of("bundle", bundleId,
                "procedure", v.procedureId(), "digest", digest, "fields", String.join(",", new TreeSet<>(answers.keySet())),
                "receptionNumber", r.receptionNumber(), "replay", r.replay()));
        return new Filed(r.id(), r.receptionNumber(), r.procedureName(), r.replay());
    }
}
