package jp.kyodo.agents.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.Config;

/**
 * Where a city's model calls run (issue 10, item 8): on the server's managed executor (Jakarta Concurrency), at most
 * {@code kyodo.concierge.model.max-concurrent} (16) calls of all cities at once and {@code kyodo.concierge.model.per-city}
 * (2) of one city (beyond that a call is refused at once: the caller answers without the model), each waiting at most
 * the city's timeout capped by {@code kyodo.concierge.model.max-timeout-ms} (10 s). Never inside a database
 * transaction: {@link #bounded} refuses to start a call while the calling thread has one, so a slow model holds no
 * connection and no row lock. The concierge runs its calls on {@link #executor()}; the life-event bundles through
 * {@link #bounded}.
 */
@ApplicationScoped
public class ModelCalls {

    private static final Logger LOG = Logger.getLogger(ModelCalls.class.getName());

    /** At most this many model calls of one city at once. */
    public static final int DEFAULT_PER_CITY = 2;
    /** At most this many model calls of all cities at once in this server. */
    static final int DEFAULT_MODEL_CALLS = 16;
    /** No city's model timeout is longer than this (server configuration), whatever its admin set. */
    static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(10);

    /** A model call that was not made or not answered in time; {@link #getMessage()} says which, never a secret. */
    public static final class Unavailable extends RuntimeException {
        private final boolean busy;

        Unavailable(String message, boolean busy, Throwable cause) {
            super(message, cause);
            this.busy = busy;
        }

        /** True when the call was not made at all (all slots busy); false when it failed or timed out. */
        public boolean busy() {
            return busy;
        }
    }

    @Inject
    Config config;

    private volatile Executor executor;
    private static volatile TransactionSynchronizationRegistry transactions;
    private final Map<String, Semaphore> perCity = new ConcurrentHashMap<>();

    /** A city's model timeout, capped by {@code kyodo.concierge.model.max-timeout-ms}. */
    public Duration capped(Duration cityTimeout) {
        Duration cap = config.getOptionalValue("kyodo.concierge.model.max-timeout-ms", Long.class)
                .map(Duration::ofMillis).orElse(DEFAULT_MAX_TIMEOUT);
        return cityTimeout == null || cityTimeout.compareTo(cap) > 0 ? cap : cityTimeout;
    }

    /** How many calls of one city may run at once ({@code kyodo.concierge.model.per-city}). */
    public int perCity() {
        return config.getOptionalValue("kyodo.concierge.model.per-city", Integer.class).orElse(DEFAULT_PER_CITY);
    }

    /**
     * The server's managed executor, bounded to {@code kyodo.concierge.model.max-concurrent} tasks at once (beyond that
     * {@link RejectedExecutionException}); null when the server has none (a unit test).
     */
    public Executor executor() {
        Executor e = executor;
        if (e == null) {
            Executor managed;
            try {
                managed = (Executor) new InitialContext().lookup("java:comp/DefaultManagedExecutorService");
            } catch (NamingException | RuntimeException x) {
                LOG.log(Level.WARNING, "no managed executor; model calls use a bounded pool of their own: {0}", x.toString());
                managed = null;
            }
            int max = config.getOptionalValue("kyodo.concierge.model.max-concurrent", Integer.class)
                    .orElse(DEFAULT_MODEL_CALLS);
            e = managed == null ? null : new BoundedExecutor(managed, max);
            executor = e;
        }
        return e;
    }

    /**
     * {@code model} for {@code city}, each call of it run on {@link #executor()} within the city's slots and waited for
     * at most {@code timeout} (capped); a call that cannot start, fails or times out throws {@link Unavailable}. Calling
     * it inside a database transaction is a programming error ({@link IllegalStateException}).
     */
    public ChatModel bounded(UUID city, Duration timeout, ChatModel model) {
        Duration wait = capped(timeout);
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return call(city.toString(), wait, () -> model.chat(request));
            }
        };
    }

    private static boolean acquire(Semaphore slots, Duration wait) {
        try {
            return wait.isZero() || wait.isNegative() ? slots.tryAcquire() : slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code work} (a model call other than chat, e.g. an embedding) on {@link #executor()} within the slots of
     * {@code slotKey} (at most {@link #perCity()} at once; a call waits for a free slot rather than being refused),
     * waiting at most the server's timeout cap in all; throws
     * {@link Unavailable} when it cannot start, fails or times out, {@link IllegalStateException} inside a transaction.
     */
    public <T> T run(String slotKey, java.util.function.Supplier<T> work) {
        return call(slotKey, capped(null), true, work);
    }

    private <T> T call(String city, Duration wait, java.util.function.Supplier<T> work) {
        return call(city, wait, false, work);
    }

    private <T> T call(String city, Duration wait, boolean queue, java.util.function.Supplier<T> work) {
        if (inTransaction()) {
            throw new IllegalStateException("a model call inside a database transaction");
        }
        Semaphore slots = perCity.computeIfAbsent(city, c -> new Semaphore(Math.max(1, perCity())));
        long start = System.nanoTime();
        if (!acquire(slots, queue ? wait : Duration.ZERO)) {
            throw new Unavailable("the city's model calls are all busy", true, null);
        }
        wait = wait.minusNanos(System.nanoTime() - start);
        CompletableFuture<T> f;
        try {
            Executor e = executor();
            f = e == null ? CompletableFuture.supplyAsync(work) : CompletableFuture.supplyAsync(work, e);
        } catch (RejectedExecutionException x) {
            slots.release();
            throw new Unavailable("no thread for the model call", true, x);
        }
        // the slot is held until the call really ends (a timed-out call that keeps running still counts)
        f.whenComplete((x, t) -> slots.release());
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new Unavailable("interrupted", false, x);
        } catch (TimeoutException x) {
            f.cancel(true);
            throw new Unavailable("the model did not answer within " + wait.toMillis() + " ms", false, x);
        } catch (ExecutionException x) {
            throw new Unavailable("the model call failed: " + x.getCause().getClass().getSimpleName(), false, x.getCause());
        }
    }

    /**
     * Whether the calling thread has a database (JTA) transaction open — active, or ending but not yet ended: no model
     * or embeddings call may start then (false where there is no transaction manager, in a unit test).
     */
    public static boolean inTransaction() {
        TransactionSynchronizationRegistry r = transactions;
        if (r == null) {
            try {
                r = (TransactionSynchronizationRegistry) new InitialContext()
                        .lookup("java:comp/TransactionSynchronizationRegistry");
                transactions = r;
            } catch (NamingException | RuntimeException x) {
                return false; // no transaction manager (a unit test): no transaction either
            }
        }
        int status = r.getTransactionStatus();
        // after its commit or rollback (a synchronization's afterCompletion) the transaction holds no lock any more
        return status != Status.STATUS_NO_TRANSACTION && status != Status.STATUS_COMMITTED
                && status != Status.STATUS_ROLLEDBACK;
    }

    /** An executor that runs at most {@code max} tasks at once on another executor and refuses the rest. */
    static final class BoundedExecutor implements Executor {
        private final Executor delegate;
        private final Semaphore permits;

        BoundedExecutor(Executor delegate, int max) {
            this.delegate = delegate;
            this.permits = new Semaphore(Math.max(1, max));
        }

        @Override
        public void execute(Runnable task) {
            if (!permits.tryAcquire()) {
                throw new RejectedExecutionException("all model-call slots are busy");
            }
            try {
                delegate.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        permits.release();
                    }
                });
            } catch (RuntimeException x) {
                permits.release();
                throw x;
            }
        }
    }
}
