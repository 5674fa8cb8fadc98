package jp.kyodo.crm.applications.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.outbox.Outbox;

/**
 * Tells other modules that an application was submitted, decided or withdrawn, through the platform outbox in the
 * transaction that made the change (a rollback publishes nothing). Topics {@code applications.submitted},
 * {@code applications.decided}, {@code applications.withdrawn}; the key is the application's id. The payload carries
 * identifiers and the outcome, not the answers: a consumer that needs more asks the API with its own rights.
 */
@ApplicationScoped
public class ApplicationEvents {

    public static final String SUBMITTED = "applications.submitted";
    public static final String DECIDED = "applications.decided";
    public static final String WITHDRAWN = "applications.withdrawn";

    @Inject
    Outbox outbox;
    @Inject
    TenantContext tenant;

    public void submitted(ApplicationRow row) {
        publish(SUBMITTED, row);
    }

    public void decided(ApplicationRow row) {
        publish(DECIDED, row);
    }

    public void withdrawn(ApplicationRow row) {
        publish(WITHDRAWN, row);
    }

    private void publish(String topic, ApplicationRow row) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("city", tenant.city().code());
        p.put("applicationId", row.id.toString());
        p.put("receptionNumber", row.receptionNumber);
        p.put("procedureId", row.procedureId);
        p.put("status", row.status);
        p.put("applicant", row.applicant);
        p.put("at", String.valueOf(row.updatedAt));
        if (row.decisionReason != null && DECIDED.equals(topic)) {
            p.put("reason", row.decisionReason);
        }
        outbox.publish(topic, row.id.toString(), ApplicationRecords.json(p));
    }
}
