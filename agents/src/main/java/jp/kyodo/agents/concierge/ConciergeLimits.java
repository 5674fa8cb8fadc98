package jp.kyodo.agents.concierge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Abuse limits of the concierge (issue 10, item 13), as token buckets that refill continuously: questions of people
 * without a sign-in (per network address and per city; a signed-in person's questions are not counted), and the
 * hand-overs that open a case, of everyone (per client — a signed-in person by user name, anyone else by network
 * address — and per city). {@link ConciergeService} decides what is counted. Over a limit the request is refused with
 * 429 before anything is written, so no case is opened.
 * The counters live in this server's memory: with several servers each enforces its own share (documented).
 *
 * <p>Configuration (MicroProfile Config, defaults in code): {@code kyodo.concierge.limit.questions-per-client}
 * (per minute, 20), {@code …questions-per-city} (per minute, 600), {@code …handovers-per-client} (per hour, 5),
 * {@code …handovers-per-city} (per hour, 120).
 */
@ApplicationScoped
public class ConciergeLimits {

    /** What is limited. */
    public enum Kind { QUESTION, HANDOVER }

    private static final int MAX_KEYS = 100_000;

    @Inject
    @ConfigProperty(name = "kyodo.concierge.limit.questions-per-client", defaultValue = "20")
    int questionsPerClient;
    @Inject
    @ConfigProperty(name = "kyodo.concierge.limit.questions-per-city", defaultValue = "600")
    int questionsPerCity;
    @Inject
    @ConfigProperty(name = "kyodo.concierge.limit.handovers-per-client", defaultValue = "5")
    int handoversPerClient;
    @Inject
    @ConfigProperty(name = "kyodo.concierge.limit.handovers-per-city", defaultValue = "120")
    int handoversPerCity;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A bucket of {@code capacity} tokens refilled evenly over {@code periodMillis}. */
    static final class Bucket {
        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long at;

        Bucket(int capacity, long periodMillis, long now) {
            this.capacity = Math.max(1, capacity);
            this.perMilli = this.capacity / periodMillis;
            this.tokens = this.capacity;
            this.at = now;
        }

        /** Takes one token, or answers how many seconds until one is there. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perMilli);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perMilli / 1000);
        }
    }

    /**
     * Counts one request of {@code client} in {@code city}; throws 429 problem when the client's or the city's
     * limit is used up (nothing is counted against the city when the client is refused).
     */
    public void check(Kind kind, UUID city, String client) {
        long now = System.currentTimeMillis();
        boolean q = kind == Kind.QUESTION;
        long period = q ? 60_000 : 3_600_000;
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // a flood of distinct clients: start again rather than grow without bound
        }
        long wait = buckets.computeIfAbsent(kind + "|" + city + "|" + client,
                k -> new Bucket(q ? questionsPerClient : handoversPerClient, period, now)).take(now);
        if (wait == 0) {
            wait = buckets.computeIfAbsent(kind + "|" + city,
                    k -> new Bucket(q ? questionsPerCity : handoversPerCity, period, now)).take(now);
        }
        if (wait > 0) {
            throw new ProblemException(429, q ? "too-many-questions" : "too-many-handovers",
                    q ? "質問の回数が多すぎます" : "職員への問い合わせの回数が多すぎます",
                    q ? "Too many questions" : "Too many requests for a person",
                    "しばらく待ってから、もう一度お試しください（約" + wait + "秒後）。 Please try again in about " + wait
                            + " seconds.", Map.of("retryAfterSeconds", wait));
        }
    }

    void reset() {
        buckets.clear();
    }
}
