package jp.kyodo.agents.concierge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.retrieval.KnowledgeBases;
import jp.kyodo.agents.retrieval.SourceRef;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Operator assist: a reply draft for a case of the current city, written by the city's model from the city's own
 * knowledge (with citations) when one is configured, else — and whenever the model is slow, fails or cites nothing —
 * the best FAQ answer. The model's tokens count into the city's concierge usage. A draft is never sent by itself.
 * The longest wait for the model is the city's timeout, at most {@code kyodo.reply-draft.timeout-ms} (default 8000).
 */
@ApplicationScoped
public class ReplyDrafts {

    private static final Logger LOG = Logger.getLogger(ReplyDrafts.class.getName());

    /**
     * @param text      the draft for staff to check and edit (empty when nothing in the knowledge fits)
     * @param source    {@code llm}, {@code faq}, or {@code none}
     * @param citations the knowledge entries the draft rests on
     * @param model     the model that wrote it ({@code llm} only), else null
     * @param fallback  why the model's draft is not shown ({@code no-model}, {@code timeout}, {@code error},
     *                  {@code no-answer}, {@code no-citation}, {@code no-knowledge}), else null
     */
    public record ReplyDraft(String text, String source, List<ConciergeSource> citations, String model,
                             String fallback) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    KnowledgeBases bases;
    @Inject
    @ConfigProperty(name = "kyodo.reply-draft.timeout-ms", defaultValue = "8000")
    long maxWaitMs;

    /** This bean through its proxy, so that the steps of {@link #draft} run in their own transactions. */
    @Inject
    ReplyDrafts self;

    /**
     * A draft in three steps, so that a slow model holds no database connection (issue 10, item 8): the city's drafter
     * (its index and model settings) is looked up in one short transaction, the draft is written outside any
     * transaction, and the model's tokens are counted in a second one. Call it outside a transaction.
     *
     * @param searchText what the case is about (retrieval)
     * @param thread     the case's citizen-visible messages, latest last (the only case text the model sees)
     * @param language   the case's language
     */
    public ReplyDraft draft(String searchText, List<ReplyDrafter.ThreadMessage> thread, String language) {
        // the city's index first, with no transaction open: its first build (read, embed, write) happens here and not
        // inside step 1's transaction, where it would only be started in the background and the draft find nothing
        bases.indexOf(tenant.city());
        ReplyDrafter drafter = self.drafter();
        ReplyDrafter.Draft d;
        try {
            d = drafter.draft(searchText, thread, language);
        } finally {
            self.meter();
        }
        return new ReplyDraft(d.text(), d.source().name().toLowerCase(java.util.Locale.ROOT),
                d.citations().stream().map(ReplyDrafts::source).toList(), d.model(), d.fallback());
    }

    /** Step 1 of {@link #draft}: the city's drafter (its index built from the database at first use). */
    @Transactional
    public ReplyDrafter drafter() {
        return bases.replyDrafter(Duration.ofMillis(Math.max(200, maxWaitMs)));
    }

    /** Step 3 of {@link #draft}: the model's tokens into the city's usage. */
    @Transactional
    public void meter() {
        meter(tenant.city());
    }

    private void meter(City city) {
        long[] t = bases.drainTokens(city);
        if (t[0] == 0 && t[1] == 0) {
            return;
        }
        try {
            em.createNativeQuery("INSERT INTO concierge_usage (day, tokens_in, tokens_out) "
                            + "VALUES ((now() AT TIME ZONE 'Asia/Tokyo')::date, ?1, ?2) "
                            + "ON CONFLICT (tenant_id, day) DO UPDATE SET "
                            + "tokens_in = concierge_usage.tokens_in + EXCLUDED.tokens_in, "
                            + "tokens_out = concierge_usage.tokens_out + EXCLUDED.tokens_out")
                    .setParameter(1, t[0]).setParameter(2, t[1]).executeUpdate();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reply draft tokens of " + city.code() + " not counted: " + e, e);
        }
    }

    private static ConciergeSource source(SourceRef s) {
        return new ConciergeSource(s.entryId(), s.title(), s.url() == null ? "" : s.url());
    }
}
