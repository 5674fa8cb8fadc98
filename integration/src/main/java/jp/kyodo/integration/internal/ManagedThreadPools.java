package jp.kyodo.integration.internal;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultThreadPoolFactory;

/**
 * Camel's own threads (redelivery timers, any thread pool a component asks for) come from Liberty's managed thread
 * factory, so the application's naming context, class loader and transactions are available on them, as they are on
 * the managed executors that drive the pollers and the outbox dispatcher.
 */
class ManagedThreadPools extends DefaultThreadPoolFactory {

    private final ManagedThreadFactory managed;

    ManagedThreadPools(ManagedThreadFactory managed) {
        this.managed = managed;
    }

    @Override
    public ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
        return super.newCachedThreadPool(managed);
    }

    @Override
    public ExecutorService newThreadPool(ThreadPoolProfile profile, ThreadFactory threadFactory) {
        return super.newThreadPool(profile, managed);
    }

    @Override
    public ScheduledExecutorService newScheduledThreadPool(ThreadPoolProfile profile, ThreadFactory threadFactory) {
        return super.newScheduledThreadPool(profile, managed);
    }
}
