package jp.kyodo.integration.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** Plain threads in place of Liberty's managed thread factory, for contexts built in unit tests. */
final class TestThreads implements jakarta.enterprise.concurrent.ManagedThreadFactory {

    @Override
    public Thread newThread(Runnable r) {
        return new Thread(r);
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    }
}
