package jp.kyodo.agents.knowledgebase.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.retrieval.KnowledgeBases;
import jp.kyodo.tenant.lifecycle.CityEvent;

/**
 * A deleted city's index directory is removed. A failure is thrown back to the purge, which keeps the city in
 * DELETING and retries until the directory is gone. A new city is deliberately not seeded here: a city created to receive
 * an import must stay empty (the import refuses a city with data, and versions are append-only); it is seeded at
 * its first use instead (the first question, or the first look at its knowledge base), see KnowledgeBases.
 */
@ApplicationScoped
public class CityKnowledgeLifecycle {

    private static final Logger LOG = Logger.getLogger(CityKnowledgeLifecycle.class.getName());

    @Inject
    KnowledgeBases bases;

    void on(@Observes CityEvent e) {
        if (e.kind() != CityEvent.Kind.DELETED) {
            return;
        }
        try {
            bases.drop(e.city().id());
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "[kyodo] the knowledge index directory of deleted city " + e.city().code()
                    + " could not be removed yet; the purge retries", failure);
            throw failure;
        }
    }
}
