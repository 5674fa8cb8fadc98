package jp.kyodo.integration.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.logging.Logger;
import jp.kyodo.integration.connectors.Connector;
import jp.kyodo.integration.connectors.ConnectorSettings;
import jp.kyodo.integration.connectors.Partner;
import jp.kyodo.integration.deadletters.DeadLetter;
import jp.kyodo.integration.mynaportal.ReceivedApplication;
import jp.kyodo.integration.mynaportal.ReceivedApplications;
import jp.kyodo.integration.mynaportal.internal.MynaportalApi;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The routes. All run synchronously on the thread that sends into them, which {@link CityWorkers} has bound to one
 * city; partner routes opt into the error handling of {@link PartnerErrorHandling}.
 * <ul>
 *   <li>{@code outbox-deliver}: one claimed outbox row → POST to the city's partner (Idempotency-Key = the row id) →
 *       marked delivered ({@link #DELIVERED}; the dispatcher marks the batch's delivered rows SENT in one statement);
 *       another module's event no route subscribes to ({@link PlatformEvents}) is marked SENT without a
 *       call;</li>
 *   <li>{@code applications-decided}: an approved 児童手当 application ({@code applications.decided}) → POST to the
 *       city's 児童手当 system (see {@link ChildAllowanceDecisions}); other decisions are consumed;</li>
 *   <li>{@code lgwan-result} (+ {@code lgwan-result-store}, transacted, idempotent on the result file's name): a
 *       result file the LGWAN gateway brought back; a refusal becomes a dead letter;</li>
 *   <li>{@code mynaportal-application}: one 受付番号 → its detail from 申請管理 → {@code mynaportal-store}, or, for the
 *       poller, collected for {@code mynaportal-store-all};</li>
 *   <li>{@code mynaportal-store}: transacted (JTA); idempotent consumer on (city, mynaportal, 受付番号) in PostgreSQL,
 *       then {@link ReceivedApplications} in the same transaction;</li>
 *   <li>{@code mynaportal-store-all}: the same for a poller's fetched applications together, in one transaction;</li>
 *   <li>{@code dead-letter}: what the error handler hands over with the original message (see {@link #dispose}).</li>
 * </ul>
 */
class IntegrationRoutes extends RouteBuilder {

    private static final Logger LOG = Logger.getLogger(IntegrationRoutes.class.getName());
    static final String OUTBOX = "direct:outbox-deliver";
    static final String MYNAPORTAL = "direct:mynaportal-application";
    static final String APPLICATIONS_DECIDED = "direct:applications-decided";
    static final String LGWAN_RESULT = "direct:lgwan-result";
    static final String LGWAN_RESULT_STORE = "direct:lgwan-result-store";
    static final String MYNAPORTAL_STORE = "direct:mynaportal-store";
    static final String MYNAPORTAL_STORE_ALL = "direct:mynaportal-store-all";
    /**
     * Exchange property of a poller's {@code mynaportal-application} exchange: a {@code List<ReceivedApplication>} the
     * fetched application is added to, to be stored with others in one transaction ({@code mynaportal-store-all}),
     * instead of a transaction of its own.
     */
    static final String COLLECT = "kyodo.mynaportal.collect";
    /**
     * Exchange property set when {@code outbox-deliver} reached its end (delivered or consumed): the dispatcher marks
     * such rows SENT together, once per claimed batch. A row the dead-letter channel took was rescheduled or is dead.
     */
    static final String DELIVERED = "kyodo.outbox.delivered";
    /**
     * Exchange property: the bound city's connectors as read once for the claimed outbox batch or the poll the message
     * belongs to ({@code Map<Partner, Optional<Connector>>}, filled on first use), instead of a database read and a
     * decryption of the secret per message. A change of the settings applies from the next batch or poll on.
     */
    static final String CONNECTORS = "kyodo.outbox.connectors";

    private final IntegrationRuntime rt;

    IntegrationRoutes(IntegrationRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void configure() {
        from(OUTBOX).routeId("outbox-deliver").routeConfigurationId(PartnerErrorHandling.ID)
                .choice()
                    // the 児童手当 system's subscription to decided applications
                    .when(header(Headers.TOPIC).isEqualTo(ChildAllowanceDecisions.EVENT))
                        .to(APPLICATIONS_DECIDED)
                    // another module's event that no route subscribes to: consumed, no partner is called
                    .when(e -> PlatformEvents.isEvent(e.getMessage().getHeader(Headers.TOPIC, String.class)))
                        .setHeader(Headers.OUTCOME, constant("consumed"))
                    .otherwise()
                        .process(this::deliver)
                        .setHeader(Headers.OUTCOME, constant("sent"))
                .end()
                .setProperty(DELIVERED, constant(Boolean.TRUE));

        // no error handler of its own: a failure goes back to outbox-deliver's kyodo-partner configuration, which
        // redelivers this step and hands the original event to the dead-letter channel
        from(APPLICATIONS_DECIDED).routeId("applications-decided").errorHandler(noErrorHandler())
                .process(this::deliverDecision);

        from(LGWAN_RESULT).routeId("lgwan-result").routeConfigurationId(PartnerErrorHandling.ID)
                .process(e -> LgwanResults.read(e.getMessage().getBody(String.class)))
                .to(LGWAN_RESULT_STORE);

        from(LGWAN_RESULT_STORE).routeId("lgwan-result-store").errorHandler(noErrorHandler())
                .policy(new JtaTransactionPolicy(rt.tx))
                .idempotentConsumer(header(Headers.MESSAGE_ID))
                    .idempotentRepository(rt.received.repository(Partner.CHILD_ALLOWANCE_LGWAN.code()))
                    .eager(true).skipDuplicate(true).removeOnFailure(false)
                    .process(this::applyLgwanResult)
                .end();

        from(MYNAPORTAL).routeId("mynaportal-application").routeConfigurationId(PartnerErrorHandling.ID)
                .process(this::fetchApplication)
                .choice()
                    .when(exchangeProperty(COLLECT).isNotNull())
                        .process(e -> collected(e).add(e.getMessage().getBody(ReceivedApplication.class)))
                        .setHeader(Headers.OUTCOME, constant("fetched"))
                    .otherwise()
                        .to(MYNAPORTAL_STORE)
                .end();

        // a poller's fetched applications in one transaction: per 受付番号 the idempotent consumer's record in
        // PostgreSQL and the effect, as in mynaportal-store, but one commit (and one wait for the city's reception
        // number counter) for all of them; a failure rolls all back and the poller stores each one on its own
        from(MYNAPORTAL_STORE_ALL).routeId("mynaportal-store-all").errorHandler(noErrorHandler())
                .policy(new JtaTransactionPolicy(rt.tx))
                .process(this::storeAll);

        from(MYNAPORTAL_STORE).routeId("mynaportal-store").errorHandler(noErrorHandler())
                .policy(new JtaTransactionPolicy(rt.tx))
                .idempotentConsumer(header(Headers.MESSAGE_ID)).idempotentRepository(rt.received.repository(Partner.MYNAPORTAL.code()))
                    .eager(true).skipDuplicate(true).removeOnFailure(false)
                    .process(e -> rt.applications.receive(e.getMessage().getBody(ReceivedApplication.class)))
                    .setHeader(Headers.OUTCOME, constant("received"))
                .end();

        from(PartnerErrorHandling.DEAD_LETTER).routeId("dead-letter").process(this::dispose);
    }

    private void deliver(Exchange e) {
        String topic = e.getMessage().getHeader(Headers.TOPIC, String.class);
        Partner p = Partner.ofTopic(topic).orElseThrow(() -> new Failures.Permanent("no partner takes topic " + topic));
        send(e, p, topic, e.getMessage().getBody(String.class));
    }

    /**
     * An {@code applications.decided} event: an approved 児童手当 application goes to the city's 児童手当 system (the
     * answers read from the applications capability, never carried in the outbox), with the event's row id as the
     * Idempotency-Key; any other decision, or a city without a 児童手当 connector, is consumed. The exchange's body is
     * left as it is, so a redelivery starts again from the event.
     */
    private void deliverDecision(Exchange e) {
        var m = e.getMessage();
        var id = ChildAllowanceDecisions.takes(m.getBody(String.class), rt.config.childAllowanceProcedures());
        Partner target = decisionPartner(e).orElse(null);
        if (id.isEmpty() || target == null) {
            m.setHeader(Headers.OUTCOME, "consumed");
            return;
        }
        String city = rt.tenant.city().code();
        var decided = rt.decided.find(id.get())
                .orElseThrow(() -> new Failures.Permanent("application " + id.get() + " is not decided in " + city));
        send(e, target, ChildAllowanceDecisions.PARTNER_TOPIC, ChildAllowanceDecisions.message(city, decided));
        rt.tx.requiresNew(() -> {
            rt.audit.record("integration.delivered", "application", decided.id().toString(), java.util.Map.of(
                    "partner", target.code(), "outboxId", m.getHeader(Headers.OUTBOX_ID, String.class)));
            return null;
        });
        m.setHeader(Headers.OUTCOME, "sent");
    }

    /**
     * The city's 児童手当 system for decided applications: over LGWAN when the city has that connector, else the
     * direct one; none when the city has neither (the event is then consumed).
     */
    private java.util.Optional<Partner> decisionPartner(Exchange e) {
        return java.util.stream.Stream.of(Partner.CHILD_ALLOWANCE_LGWAN, Partner.CHILD_ALLOWANCE)
                .filter(p -> connector(e, p).isPresent()).findFirst();
    }

    /**
     * Sends {@code body} to the city's connector of {@code p} with the outbox row id as the message id: POSTed with it
     * as the Idempotency-Key, or, for an LGWAN connector, dropped as the file {@code <id>.json} into the gateway's drop
     * box (the result comes back later as a file, see {@link #applyLgwanResult}).
     */
    private void send(Exchange e, Partner p, String topic, String body) {
        var m = e.getMessage();
        String city = rt.tenant.city().code();
        Connector c = connector(e, p).filter(Connector::enabled)
                .orElseThrow(() -> new Failures.Transient("the city's " + p.code() + " connector is off"));
        if (p.fileDrop()) {
            rt.dropBox.send(city, m.getHeader(Headers.OUTBOX_ID, String.class) + ".json", body);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(c.endpoint()))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", m.getHeader(Headers.OUTBOX_ID, String.class))
                .header("X-Kyodo-City", city).header("X-Kyodo-Topic", topic)
                .header("X-Kyodo-Message-Key", m.getHeader(Headers.KEY, String.class))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (c.secret() != null) {
            request.header("Authorization", "Bearer " + c.secret());
        }
        rt.client.send(city, p.code(), request);
    }

    /** The bound city's connector of {@code p}: from the batch's {@link #CONNECTORS} when the exchange has them. */
    @SuppressWarnings("unchecked")
    private java.util.Optional<Connector> connector(Exchange e, Partner p) {
        var batch = e.getProperty(CONNECTORS, java.util.Map.class);
        if (batch == null) {
            return rt.connectors.connector(p);
        }
        return ((java.util.Map<Partner, java.util.Optional<Connector>>) batch).computeIfAbsent(p, rt.connectors::connector);
    }

    /**
     * A result file from the LGWAN side, in the transaction of its idempotent consumer (city, child-allowance-lgwan,
     * result file name): a message the gateway or the 児童手当 system refused becomes a dead letter with the reason
     * and its outbox row is dead (a retry from the dead-letter view drops it again); an accepted one needs nothing.
     */
    private void applyLgwanResult(Exchange e) {
        var m = e.getMessage();
        LgwanResults.Result r = LgwanResults.read(m.getBody(String.class));
        if (!r.rejected()) {
            m.setHeader(Headers.OUTCOME, "accepted");
            return;
        }
        UUID outboxId = r.outboxId();
        String reason = "LGWAN " + r.stage() + ": " + r.reason();
        rt.deadLetters.record(Partner.CHILD_ALLOWANCE_LGWAN.code(), "lgwan-result", DeadLetter.Direction.OUTBOUND,
                r.messageId(), reason, m.getBody(String.class), outboxId);
        if (outboxId != null) {
            rt.outbox.dead(outboxId, reason);
        }
        m.setHeader(Headers.OUTCOME, "rejected");
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<ReceivedApplication> collected(Exchange e) {
        return e.getProperty(COLLECT, java.util.List.class);
    }

    /** Stores the applications of the body not received before (see {@link #MYNAPORTAL_STORE_ALL}); answers how many. */
    private void storeAll(Exchange e) {
        java.util.List<ReceivedApplication> all = new java.util.ArrayList<>();
        for (Object o : e.getMessage().getBody(java.util.List.class)) {
            all.add((ReceivedApplication) o);
        }
        // every number of the batch recorded with one statement, in the batch's (受付番号) order; those recorded now go on
        java.util.Set<String> recorded = rt.received.addAll(Partner.MYNAPORTAL.code(),
                all.stream().map(ReceivedApplication::receiptNumber).toList());
        java.util.List<ReceivedApplication> fresh = new java.util.ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (ReceivedApplication a : all) {
            if (recorded.contains(a.receiptNumber()) && taken.add(a.receiptNumber())) {
                fresh.add(a);
            }
        }
        // the effects of the numbers recorded here, together (the city's routing read once), in the same transaction
        rt.applications.receiveAll(fresh);
        e.getMessage().setHeader(Headers.OUTCOME, fresh.size());
    }

    private void fetchApplication(Exchange e) {
        String number = e.getMessage().getHeader(Headers.MESSAGE_ID, String.class);
        String city = rt.tenant.city().code();
        Connector c = connector(e, Partner.MYNAPORTAL).filter(Connector::enabled)
                .orElseThrow(() -> new Failures.Transient("the city's mynaportal connector is off"));
        e.getMessage().setBody(rt.mynaportal.detail(city, c, number));
    }

    /**
     * The dead letter channel's decision, with the original message: a message the partner refused (or that cannot be
     * read) is stored as a dead letter with the reason; an outbox message whose partner was unavailable is
     * rescheduled with back-off until its attempts run out (then dead); an inbound message whose partner was
     * unavailable is left to the next poll, which lists it again.
     */
    void dispose(Exchange e) {
        var m = e.getMessage();
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean permanent = cause instanceof Failures.Permanent;
        String reason = reason(cause);
        UUID outboxId = m.getHeader(Headers.OUTBOX_ID, UUID.class);
        String route = e.getFromRouteId();
        if (outboxId != null) {
            int attempts = m.getHeader(Headers.ATTEMPTS, 1, Integer.class);
            String topic = m.getHeader(Headers.TOPIC, String.class);
            if (!permanent && attempts < rt.config.maxAttempts) {
                int delay = (int) Math.min(rt.config.maxRetrySeconds,
                        rt.config.retrySeconds * Math.pow(2, Math.min(20, attempts - 1)));
                rt.outbox.reschedule(outboxId, delay, reason);
                m.setHeader(Headers.OUTCOME, "rescheduled");
                return;
            }
            String partner = ChildAllowanceDecisions.EVENT.equals(topic)
                    ? decisionPartner(e).orElse(Partner.CHILD_ALLOWANCE).code()
                    : Partner.ofTopic(topic).map(Partner::code).orElse(topic);
            rt.tx.requiresNew(() -> {
                rt.deadLetters.record(partner, route, DeadLetter.Direction.OUTBOUND, outboxId.toString(), reason,
                        m.getBody(String.class), outboxId);
                rt.outbox.dead(outboxId, reason);
                return null;
            });
            m.setHeader(Headers.OUTCOME, "dead");
            LOG.info("outbox message " + outboxId + " (" + topic + ") of " + rt.tenant.city().code() + " is dead: " + reason);
            return;
        }
        if (permanent) {
            String partner = m.getHeader(Headers.PARTNER, "unknown", String.class);
            String id = m.getHeader(Headers.MESSAGE_ID, String.class);
            rt.tx.requiresNew(() -> rt.deadLetters.record(partner, route, DeadLetter.Direction.INBOUND, id, reason,
                    m.getBody(String.class), null));
            m.setHeader(Headers.OUTCOME, "dead");
            LOG.info("inbound message " + id + " from " + partner + " of " + rt.tenant.city().code() + " is dead: " + reason);
        } else {
            m.setHeader(Headers.OUTCOME, "later");
        }
    }

    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (!(cause instanceof Failures.Transient || cause instanceof Failures.Permanent)) {
            text = cause.getClass().getSimpleName() + ": " + text;
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

}
