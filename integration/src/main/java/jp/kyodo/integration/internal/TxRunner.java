package jp.kyodo.integration.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Runs work in a JTA transaction (Liberty's transaction manager through the CDI interceptor). */
@ApplicationScoped
public class TxRunner {

    @Transactional(Transactional.TxType.REQUIRED)
    public <T> T required(Supplier<T> work) {
        return work.get();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T requiresNew(Supplier<T> work) {
        return work.get();
    }
}
