package jp.kyodo.integration.internal;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The integration settings of this server (MicroProfile Config; environment KYODO_INTEGRATION_…). {@code @Dependent}
 * on purpose: the settings are read as fields, and a field read through a normal-scoped bean's client proxy would
 * see the proxy's own (empty) fields.
 */
@Dependent
public class IntegrationConfig {

    /** false: no Camel context, nothing is polled or dispatched (the outbox keeps its rows). */
    @Inject @ConfigProperty(name = "kyodo.integration.enabled", defaultValue = "true")
    boolean enabled;
    /** How often the outbox dispatcher looks for due rows. */
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.poll-millis", defaultValue = "500")
    long outboxPollMillis;
    /** Rows one city's claim takes at a time. */
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.batch", defaultValue = "100")
    int outboxBatch;
    /**
     * Messages of one city handled at once: claimed outbox rows (each the head of a different message key, so they may
     * leave together; a key's next row is only claimed after its head is marked) and listed マイナポータル 受付番号.
     * 1: one after the other.
     */
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.parallel", defaultValue = "16")
    int outboxParallel = 16;
    /** How long a claim holds rows; a server that dies releases them when the lease runs out. */
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.lease-seconds", defaultValue = "60")
    int leaseSeconds;
    /** Dispatch attempts (each with its own redeliveries) before a message that keeps failing goes dead. */
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.max-attempts", defaultValue = "60")
    int maxAttempts;
    /** Delay before the next dispatch attempt of a message whose partner was unavailable (doubles, capped). */
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.retry-seconds", defaultValue = "2")
    int retrySeconds;
    @Inject @ConfigProperty(name = "kyodo.integration.outbox.max-retry-seconds", defaultValue = "60")
    int maxRetrySeconds;
    /** Bounded exponential redelivery inside one attempt (route configuration "kyodo-partner"). */
    @Inject @ConfigProperty(name = "kyodo.integration.redelivery.max", defaultValue = "3")
    int redeliveries;
    @Inject @ConfigProperty(name = "kyodo.integration.redelivery.delay-millis", defaultValue = "100")
    long redeliveryDelayMillis;
    @Inject @ConfigProperty(name = "kyodo.integration.redelivery.max-delay-millis", defaultValue = "1000")
    long redeliveryMaxDelayMillis;
    /** Circuit breaker per city and partner: failure rate (%) over the last calls, and how long it stays open. */
    @Inject @ConfigProperty(name = "kyodo.integration.breaker.failure-rate", defaultValue = "50")
    int breakerFailureRate;
    @Inject @ConfigProperty(name = "kyodo.integration.breaker.window", defaultValue = "10")
    int breakerWindow;
    @Inject @ConfigProperty(name = "kyodo.integration.breaker.open-seconds", defaultValue = "5")
    int breakerOpenSeconds;
    /** HTTP timeouts towards partners. */
    @Inject @ConfigProperty(name = "kyodo.integration.http.timeout-millis", defaultValue = "5000")
    long httpTimeoutMillis;
    /**
     * The whole exchange with a partner, its answer's body included: the timeout above covers the connection and the
     * answer's head only, and a body that stops half-way would otherwise hold the caller — a city's poller — for good.
     */
    @Inject @ConfigProperty(name = "kyodo.integration.http.answer-millis", defaultValue = "60000")
    long httpAnswerMillis = 60000;
    /** How often the pollers check which cities are due (each city's own interval is its connector's). */
    @Inject @ConfigProperty(name = "kyodo.integration.poll.tick-seconds", defaultValue = "2")
    int pollTickSeconds;
    /** Days back the マイナポータル list is asked for. */
    @Inject @ConfigProperty(name = "kyodo.integration.mynaportal.lookback-days", defaultValue = "7")
    int mynaportalLookbackDays;
    /**
     * Days before the last poll's date (or the oldest application it listed and could not take) that the next
     * incremental listing starts: room for applications that appear in the listing later than their 受付 date.
     */
    @Inject @ConfigProperty(name = "kyodo.integration.mynaportal.overlap-days", defaultValue = "1")
    int mynaportalOverlapDays = 1;
    /**
     * How often a city's listing covers the whole look-back window again (the incremental listings in between start
     * at the watermark minus the overlap); 0 = every listing is a full one, as before session 15.
     */
    @Inject @ConfigProperty(name = "kyodo.integration.mynaportal.full-listing-seconds", defaultValue = "3600")
    long mynaportalFullListingSeconds = 3600;
    /** Threads working for cities at once (one city never has two batches in flight). */
    @Inject @ConfigProperty(name = "kyodo.integration.workers", defaultValue = "8")
    int workers;
    /** Host names a city's connector may point at (checked on save and before each call). */
    @Inject @ConfigProperty(name = "kyodo.integration.allowed-hosts", defaultValue = "localhost,127.0.0.1")
    String allowedHosts;
    /** Procedures whose approved applications the city's 児童手当 system receives (route applications-decided). */
    @Inject @ConfigProperty(name = "kyodo.integration.child-allowance.procedures",
            defaultValue = "jido-teate-nintei,jido-teate-gakukaitei")
    String childAllowanceProcedures = "jido-teate-nintei,jido-teate-gakukaitei";

    /**
     * The internet-side drop box of the LGWAN gateway (a folder the gateway shares with this server); each city's files
     * are under {@code <dir>/<city code>/send} and {@code …/receive}. Empty: no LGWAN connector can deliver.
     */
    @Inject @ConfigProperty(name = "kyodo.integration.lgwan.drop-dir", defaultValue = " ")
    String lgwanDropDir = "";

    public List<String> childAllowanceProcedures() {
        return Arrays.stream(childAllowanceProcedures.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public List<String> allowedHosts() {
        return Arrays.stream(allowedHosts.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
