package jp.kyodo.integration.deadletters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.integration.internal.DeadLetterStore;
import jp.kyodo.integration.internal.IntegrationRuntime;
import jp.kyodo.integration.internal.OutboxStore;
import jp.kyodo.integration.internal.TxRunner;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The current city's dead letters: list with the reason; retry (an outbound message goes back to the outbox queue,
 * an inbound one is fetched and received again, still through the idempotent consumer); discard.
 */
@ApplicationScoped
public class DeadLetters {

    @Inject DeadLetterStore store;
    @Inject OutboxStore outbox;
    @Inject TxRunner tx;
    @Inject IntegrationRuntime runtime;
    @Inject TenantContext tenant;
    @Inject RequestIdentity identity;
    @Inject AuditLog audit;

    public List<DeadLetter> list(boolean openOnly, int limit) {
        tenant.city();
        return store.list(openOnly, limit);
    }

    /** Retries one open dead letter; the outcome: "queued" (outbound) or the inbound route's outcome. */
    public String retry(UUID id) {
        tenant.city();
        DeadLetter letter = tx.requiresNew(() -> {
            DeadLetter d = store.lockOpen(id).orElseThrow(() -> ProblemException.notFound("dead letter"));
            store.resolve(id, DeadLetter.Status.RETRIED, identity.username());
            if (d.direction() == DeadLetter.Direction.OUTBOUND && d.outboxId() != null) {
                outbox.revive(d.outboxId());
            }
            audit.record("integration.dead-letter.retry", "integration_dead_letter", id.toString(),
                    Map.of("partner", d.partner(), "direction", d.direction()));
            return d;
        });
        if (letter.direction() == DeadLetter.Direction.OUTBOUND) {
            return "queued";
        }
        if (!"mynaportal".equals(letter.partner())) {
            throw ProblemException.badRequest("partner", "この連携先のメッセージは再送できません", "no retry for this partner");
        }
        return runtime.receiveApplication(letter.messageId());
    }

    public void discard(UUID id) {
        tenant.city();
        tx.requiresNew(() -> {
            DeadLetter d = store.lockOpen(id).orElseThrow(() -> ProblemException.notFound("dead letter"));
            store.resolve(id, DeadLetter.Status.DISCARDED, identity.username());
            audit.record("integration.dead-letter.discard", "integration_dead_letter", id.toString(),
                    Map.of("partner", d.partner()));
            return null;
        });
    }
}
