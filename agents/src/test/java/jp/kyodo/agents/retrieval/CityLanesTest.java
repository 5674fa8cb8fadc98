package jp.kyodo.agents.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kyodo.agents.knowledgebase.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CityLanesTest {

    private static final TenantId A = TenantId.of("00000000-0000-0000-0000-00000000000a");
    private static final TenantId B = TenantId.of("00000000-0000-0000-0000-00000000000b");

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aCitysTasksRunOneAtATimeInTheOrderGivenOnTheExecutor() throws Exception {
        CityLanes lanes = new CityLanes(() -> pool);
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        String caller = Thread.currentThread().getName();
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 50; i++) {
            int n = i;
            last = lanes.submit(A, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                assertTrue(CityLanes.runningFor(A) && !CityLanes.runningFor(B));
                threads.add(Thread.currentThread().getName());
                order.add(n);
                running.decrementAndGet();
            });
        }
        last.get(10, TimeUnit.SECONDS);
        lanes.drained(A).get(10, TimeUnit.SECONDS);
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), order);
        assertEquals(1, most.get(), "one task of a city at a time");
        assertFalse(threads.contains(caller), "never on the caller's thread");
        assertFalse(CityLanes.onALane(), "the caller is on no lane");
    }

    @Test
    void aHangingTaskOfOneCityDelaysNoOtherCity() throws Exception {
        CityLanes lanes = new CityLanes(() -> pool);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> hanging = lanes.submit(A, () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Void> behind = lanes.submit(A, () -> { });
        lanes.submit(B, () -> { }).get(5, TimeUnit.SECONDS); // B answers while A hangs
        assertFalse(hanging.isDone());
        assertFalse(behind.isDone(), "A's next change waits for A's previous one");
        assertFalse(lanes.drained(A).isDone());
        release.countDown();
        behind.get(5, TimeUnit.SECONDS);
        assertTrue(lanes.drained(A).isDone());
    }

    @Test
    void aFailingTaskStopsNotTheTasksBehindIt() throws Exception {
        CityLanes lanes = new CityLanes(() -> pool);
        CompletableFuture<Void> failing = lanes.submit(A, () -> {
            throw new IllegalStateException("model down");
        });
        AtomicInteger ran = new AtomicInteger();
        lanes.submit(A, ran::incrementAndGet).get(5, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(1, TimeUnit.SECONDS));
        assertEquals("model down", e.getCause().getMessage());
        assertEquals(1, ran.get());
    }

    @Test
    void aTaskTheExecutorRefusesFailsAndTheLaneStartsAgainLater() throws Exception {
        AtomicInteger refusals = new AtomicInteger(1);
        CityLanes lanes = new CityLanes(() -> task -> {
            if (refusals.getAndDecrement() > 0) {
                throw new RejectedExecutionException("all model-call slots are busy");
            }
            pool.execute(task);
        });
        CompletableFuture<Void> refused = lanes.submit(A, () -> { });
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RejectedExecutionException, e.toString());
        AtomicInteger ran = new AtomicInteger();
        lanes.submit(A, ran::incrementAndGet).get(5, TimeUnit.SECONDS);
        assertEquals(1, ran.get(), "a later task runs");
    }
}
