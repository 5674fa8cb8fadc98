package jp.kyodo.agents.retrieval;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.knowledgebase.TenantId;

/**
 * Where a city's knowledge-index work runs (issue 10, item 8): building the index and applying committed changes to
 * it call the embedding model, so they run on the server's bounded managed executor, never on a request's thread and
 * never inside a transaction. Each city has one lane: its tasks run one at a time, in the order they were given (a
 * change committed after another is applied after it), while other cities' lanes run side by side. So one city's slow
 * or hanging embedding model occupies at most one executor thread, and no other city waits for it.
 *
 * <p>A task the executor refuses (all its threads busy) fails with {@link RejectedExecutionException}, together with
 * the tasks queued behind it; the caller decides what that means (a change not applied marks the index for a rebuild
 * from the database). Without an executor (a unit test) a task runs on the calling thread.
 */
final class CityLanes {

    private static final Logger LOG = Logger.getLogger(CityLanes.class.getName());

    /** The city whose lane the current thread is running, if any. */
    private static final ThreadLocal<TenantId> RUNNING = new ThreadLocal<>();

    private final Supplier<Executor> executor;
    private final Map<TenantId, Lane> lanes = new ConcurrentHashMap<>();

    CityLanes(Supplier<Executor> executor) {
        this.executor = executor;
    }

    /** True when the current thread is running a task of {@code city}'s lane. */
    static boolean runningFor(TenantId city) {
        return city.equals(RUNNING.get());
    }

    /** True when the current thread is running a task of any city's lane (a thread of the bounded executor). */
    static boolean onALane() {
        return RUNNING.get() != null;
    }

    /** Runs {@code work} on the city's lane after everything given before; the future completes when it has run. */
    CompletableFuture<Void> submit(TenantId city, Runnable work) {
        return lanes.computeIfAbsent(city, Lane::new).submit(work);
    }

    /** Completes when every task given to the city's lane so far has run (or failed). */
    CompletableFuture<Void> drained(TenantId city) {
        Lane lane = lanes.get(city);
        return lane == null ? CompletableFuture.completedFuture(null) : lane.last();
    }

    /** Forgets a deleted city's lane (tasks already running finish). */
    void drop(TenantId city) {
        lanes.remove(city);
    }

    private record Task(Runnable work, CompletableFuture<Void> done) {
    }

    private final class Lane {
        private final TenantId city;
        private final ArrayDeque<Task> queue = new ArrayDeque<>();
        private boolean running;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        Lane(TenantId city) {
            this.city = city;
        }

        synchronized CompletableFuture<Void> last() {
            return last;
        }

        CompletableFuture<Void> submit(Runnable work) {
            Task task = new Task(work, new CompletableFuture<>());
            boolean start;
            synchronized (this) {
                queue.add(task);
                last = task.done();
                start = !running;
                running = true;
            }
            if (start) {
                Executor e = executor.get();
                if (e == null) {
                    drain();
                } else {
                    try {
                        e.execute(this::drain);
                    } catch (RuntimeException refused) {
                        failQueued(refused instanceof RejectedExecutionException r ? r
                                : new RejectedExecutionException(refused));
                    }
                }
            }
            return task.done();
        }

        private void failQueued(RejectedExecutionException why) {
            java.util.List<Task> failed = new java.util.ArrayList<>();
            synchronized (this) {
                failed.addAll(queue);
                queue.clear();
                running = false;
            }
            LOG.log(Level.WARNING, "[kyodo] knowledge-index work of " + city + " not started (" + why.getMessage()
                    + "): " + failed.size() + " task(s) refused");
            failed.forEach(t -> t.done().completeExceptionally(why));
        }

        private void drain() {
            TenantId before = RUNNING.get();
            RUNNING.set(city);
            try {
                while (true) {
                    Task t;
                    synchronized (this) {
                        t = queue.poll();
                        if (t == null) {
                            running = false;
                            return;
                        }
                    }
                    try {
                        t.work().run();
                        t.done().complete(null);
                    } catch (Throwable x) { // one task's failure never stops the tasks behind it
                        t.done().completeExceptionally(x);
                    }
                }
            } finally {
                if (before == null) {
                    RUNNING.remove();
                } else {
                    RUNNING.set(before);
                }
            }
        }
    }
}
