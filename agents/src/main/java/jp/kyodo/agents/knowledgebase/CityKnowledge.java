package jp.kyodo.agents.knowledgebase;

import java.util.List;
import java.util.Objects;

/** Everything one city knows: the unit of JSON import/export and of the demo/template bundles. */
public record CityKnowledge(TenantId tenantId, String cityName, List<FaqEntry> faqs, List<KnowledgeDocument> documents,
                            List<SynonymGroup> synonyms) {
    public CityKnowledge {
        Objects.requireNonNull(tenantId, "tenantId");
        cityName = cityName == null ? "" : cityName;
        faqs = faqs == null ? List.of() : List.copyOf(faqs);
        documents = documents == null ? List.of() : List.copyOf(documents);
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
    }
}
