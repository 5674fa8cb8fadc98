package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.knowledgebase.TenantId;

/** Demo cities loaded into heap indexes (lexical signals only, which is what the tuned defaults weigh). */
public final class DemoIndexes {
    private static KnowledgeIndexes shared;

    private DemoIndexes() {
    }

    public static synchronized KnowledgeIndexes shared() {
        if (shared == null) {
            shared = load();
        }
        return shared;
    }

    static KnowledgeIndexes load() {
        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        for (TenantId t : DemoKnowledge.tenants()) {
            idx.forTenant(t).replaceAll(DemoKnowledge.load(t));
        }
        return idx;
    }
}
