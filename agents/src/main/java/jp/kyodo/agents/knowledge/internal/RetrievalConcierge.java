package jp.kyodo.agents.knowledge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.knowledge.AnswerGenerator;
import jp.kyodo.agents.knowledge.Concierge;
import jp.kyodo.agents.knowledge.ConciergeReply;
import jp.kyodo.agents.knowledge.ConciergeReply.HandoverReason;
import jp.kyodo.agents.knowledge.ConciergeReply.Outcome;
import jp.kyodo.agents.knowledge.ConciergeSettings;
import jp.kyodo.agents.knowledge.KnowledgeIndex;
import jp.kyodo.agents.knowledge.KnowledgeIndexes;
import jp.kyodo.agents.knowledge.SearchHit;
import jp.kyodo.agents.knowledge.SearchResult;
import jp.kyodo.agents.knowledge.SourceRef;
import jp.kyodo.agents.knowledge.TenantId;

/** Retrieval-first concierge; see {@link Concierge}. */
public final class RetrievalConcierge implements Concierge {
    private static final Logger LOG = Logger.getLogger(RetrievalConcierge.class.getName());
    private static final ExecutorService LLM = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kyodo-concierge-llm");
        t.setDaemon(true);
        return t;
    });
    private final KnowledgeIndexes indexes;
    private final Supplier<TenantId> currentTenant;
    private final ConciergeSettings settings;
    private final AnswerGenerator generator;

    public RetrievalConcierge(KnowledgeIndexes indexes, Supplier<TenantId> currentTenant, ConciergeSettings settings,
                              AnswerGenerator generator) {
        this.indexes = Objects.requireNonNull(indexes);
        this.currentTenant = Objects.requireNonNull(currentTenant);
        this.settings = settings == null ? ConciergeSettings.defaults() : settings;
        this.generator = generator;
    }

    @Override
    public ConciergeReply answer(String question) {
        long t0 = System.nanoTime();
        TenantId tenant = Objects.requireNonNull(currentTenant.get(), "no tenant bound to this request");
        KnowledgeIndex index = indexes.forTenant(tenant);
        SearchResult r = index.search(question == null ? "" : question,
                jp.kyodo.agents.knowledge.SearchOptions.defaults().withLimit(Math.max(3, settings.passages())));
        String lang = r.language();
        List<SourceRef> related = r.hits().stream().map(SearchHit::source).toList();
        if (Handover.asksForPerson(question)) {
            return new ConciergeReply(Outcome.HANDOVER, tenant, lang, Handover.person(lang), lang, List.of(),
                    r.confidence(), HandoverReason.PERSON_REQUESTED, related, null, "", ms(t0));
        }
        if (r.isEmpty()) {
            return new ConciergeReply(Outcome.HANDOVER, tenant, lang, Handover.lowConfidence(lang), lang, List.of(),
                    0, HandoverReason.NO_KNOWLEDGE, List.of(), null, "", ms(t0));
        }
        if (r.confidence() < settings.answerThreshold()) {
            return new ConciergeReply(Outcome.HANDOVER, tenant, lang, Handover.lowConfidence(lang), lang, List.of(),
                    r.confidence(), HandoverReason.LOW_CONFIDENCE, related, null, "", ms(t0));
        }
        SearchHit top = r.hits().get(0);
        if (generator != null) {
            List<SearchHit> passages = r.hits().subList(0, Math.min(settings.passages(), r.hits().size()));
            AnswerGenerator.GeneratedAnswer g = generate(question, lang, passages);
            if (g != null) {
                Map<String, SearchHit> byId = new HashMap<>();
                passages.forEach(h -> byId.putIfAbsent(h.entryId(), h));
                List<SourceRef> sources = new ArrayList<>();
                for (String id : g.citedEntryIds()) {
                    SearchHit h = byId.get(id);
                    if (h != null) {
                        sources.add(h.source());
                    }
                }
                if (!sources.isEmpty()) {
                    return new ConciergeReply(Outcome.ANSWERED, tenant, lang, g.text(), lang, sources, r.confidence(),
                            null, related, generator.name(), "", ms(t0));
                }
            }
        }
        return new ConciergeReply(Outcome.ANSWERED, tenant, lang, top.text(), "ja", List.of(top.source()),
                r.confidence(), null, related, null, "ja".equals(lang) ? "" : Handover.japaneseOnly(lang), ms(t0));
    }

    private AnswerGenerator.GeneratedAnswer generate(String question, String lang, List<SearchHit> passages) {
        CompletableFuture<AnswerGenerator.GeneratedAnswer> f = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.generate(question, lang, passages);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, LLM);
        try {
            return f.get(settings.generatorTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return null;
        } catch (Exception e) { // timeout, HTTP error, missing citation …
            f.cancel(true);
            LOG.log(Level.INFO, "answer generator failed; using the retrieval answer: {0}", e.toString());
            return null;
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
