package jp.kyodo.agents.retrieval;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jp.kyodo.agents.knowledgebase.IndexedWhenAnswered;

/**
 * Runs outside the transaction interceptor (a lower priority than {@code @Transactional}'s
 * {@code PLATFORM_BEFORE + 200}), so it sees the change committed: then it waits for the city's index lane
 * ({@link KnowledgeBases#awaitOwnChanges}). Inside a caller's own transaction it does not wait — the change is applied
 * after that transaction commits, moments later.
 */
@IndexedWhenAnswered
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class IndexedWhenAnsweredInterceptor {

    @Inject
    KnowledgeBases bases;

    @AroundInvoke
    Object awaitIndex(InvocationContext call) throws Exception {
        KnowledgeBases.forgetOwnChanges();
        try {
            return call.proceed();
        } finally {
            bases.awaitOwnChanges();
        }
    }
}
