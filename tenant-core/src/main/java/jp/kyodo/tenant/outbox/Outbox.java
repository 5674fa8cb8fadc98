package jp.kyodo.tenant.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.UUID;
import jp.kyodo.tenant.TenantContext;

/**
 * Records a message for a partner system in the current city's outbox, inside the caller's JTA
 * transaction ({@code MANDATORY}): the message exists if and only if the business change commits.
 * The integration module delivers it afterwards, at least once to the partner and exactly once in
 * effect (the returned id travels as the idempotency key), in order for one (topic, messageKey).
 *
 * <p>Topics name a kind of message and its destination, e.g. {@code child-allowance.application-approved};
 * the message key groups messages that must keep their order (e.g. the citizen or application id).
 * The payload is a JSON document without secrets.
 */
@ApplicationScoped
public class Outbox {

    /**
     * The JSON-P provider, looked up once: {@code Json.createReader} looks it up again on every call (a service-loader
     * scan of the class path: 5 of the 51 profile samples in a submission's own code; docs/benchmarks.md).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    /**
     * Writes the message in the caller's transaction with the bound city.
     *
     * @throws IllegalArgumentException when the topic, key or JSON is not acceptable
     * @throws jakarta.transaction.TransactionalException when called outside a transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, String messageKey, String payloadJson) {
        publishReturningId(topic, messageKey, payloadJson);
    }

    /** As {@link #publish}, returning the message id (the idempotency key the partner sees). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publishReturningId(String topic, String messageKey, String payloadJson) {
        tenant.city();
        if (topic == null || !topic.matches("[a-z0-9][a-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("topic must be lower-case letters, digits, '.', '_' or '-' (max 100)");
        }
        if (messageKey == null || messageKey.isEmpty() || messageKey.length() > 200) {
            throw new IllegalArgumentException("messageKey must be 1–200 characters");
        }
        String json = canonicalJson(payloadJson);
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO outbox_message (id, topic, message_key, payload) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb))")
                .setParameter(1, id).setParameter(2, topic).setParameter(3, messageKey).setParameter(4, json)
                .executeUpdate();
        return id;
    }

    static String canonicalJson(String payloadJson) {
        if (payloadJson == null) {
            throw new IllegalArgumentException("payload must be a JSON object or array");
        }
        try (var reader = JSON.createReader(new StringReader(payloadJson))) {
            JsonStructure parsed = reader.read();
            return parsed.toString();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("payload is not valid JSON");
        }
    }
}
