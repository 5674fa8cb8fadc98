package jp.kyodo.agents.knowledgebase.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.concierge.internal.KnowledgeBases;
import jp.kyodo.agents.knowledgebase.LlmSettingsService;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.lifecycle.CityEvent;

/**
 * A new city's knowledge base is seeded from the national templates (and its model connection set to none) as soon
 * as the city exists; a deleted city's index directory is removed.
 */
@ApplicationScoped
public class CityKnowledgeLifecycle {

    private static final Logger LOG = Logger.getLogger(CityKnowledgeLifecycle.class.getName());

    @Inject
    TenantContext tenant;
    @Inject
    KnowledgeBases bases;
    @Inject
    LlmSettingsService llm;
    @Inject
    CityKnowledgeLifecycle self;

    void on(@Observes CityEvent e) {
        try {
            if (e.kind() == CityEvent.Kind.CREATED) {
                tenant.runAs(e.city(), () -> {
                    self.seed();
                    return null;
                });
            } else {
                bases.drop(e.city().id());
            }
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "[kyodo] knowledge of " + e.city().code() + " after " + e.kind()
                    + " failed; it is retried at the city's first question", failure);
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void seed() {
        llm.initialise();
        bases.forget(tenant.city());
        bases.indexOf(tenant.city());
    }
}
