package jp.kyodo.agents.concierge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.agents.concierge.internal.HandoverRow;
import jp.kyodo.agents.concierge.internal.KnowledgeBases;
import jp.kyodo.agents.concierge.internal.UsageRow;
import jp.kyodo.agents.knowledge.ConciergeReply;
import jp.kyodo.agents.knowledge.KnowledgeIndex;
import jp.kyodo.agents.knowledge.SearchHit;
import jp.kyodo.agents.knowledge.SourceRef;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * The concierge of the current city: answers from that city's knowledge only, records a hand-over when a person has
 * to follow up, and counts the day's questions. Which city is decided by the request's {@link TenantContext} (the
 * index) and the database's binding (the tables), never by a parameter.
 */
@ApplicationScoped
public class ConciergeService {

    static final String ANONYMOUS = "anonymous";

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    KnowledgeBases bases;
    @Inject
    ConciergeConversations conversations;
    @Inject
    ConciergeMetrics metrics;
    @Inject
    ReceptionNumbers receptionNumbers;
    @Inject
    Event<HandoverRequested> handoverRequested;

    /** Answers a question of the person in {@link RequestIdentity} (anonymous when nobody signed in). */
    @Transactional
    public ConciergeAnswer ask(ConciergeQuestion q) {
        String user = identity.username();
        return ask(q, user, user == null || user.isBlank() ? null : ConciergeConversations.userOwner(user));
    }

    /**
     * Answers a question; a hand-over records {@code askedBy} (a user name of this city, or {@code anonymous}).
     */
    @Transactional
    public ConciergeAnswer ask(ConciergeQuestion q, String askedBy) {
        return ask(q, askedBy, null);
    }

    /**
     * Answers a question and, when {@code conversationOwner} is given (see {@link ConciergeConversations}), adds the
     * exchange to that owner's current conversation.
     */
    @Transactional
    public ConciergeAnswer ask(ConciergeQuestion q, String askedBy, String conversationOwner) {
        ConciergeAnswer answer = answer(q, askedBy);
        if (conversationOwner != null) {
            conversations.record(conversationOwner, q.question().strip(), answer);
        }
        return answer;
    }

    private ConciergeAnswer answer(ConciergeQuestion q, String askedBy) {
        Checks.valid(q);
        City city = tenant.city();
        String question = q.question().strip();
        KnowledgeIndex index = bases.indexOf(city);
        ConciergeReply reply = bases.concierge().answer(question);
        if (!reply.tenant().equals(KnowledgeBases.keyOf(city))) {
            throw new IllegalStateException("concierge answered for another tenant");
        }
        List<ConciergeSource> sources = reply.sources().stream().map(ConciergeService::source).toList();
        HandoverRow handover = null;
        if (!reply.answered()) {
            handover = handOver(index, question, q.language(), reply, askedBy);
        }
        count(city, reply.answered());
        return new ConciergeAnswer(reply.outcome().name(), reply.language(), reply.text(), sources,
                round(reply.confidence()), handover == null ? null : handover.id,
                handover == null ? null : handover.receptionNumber, reply.notice(),
                reply.suggestions().stream().map(ConciergeService::source).toList());
    }

    /** The city's open hand-overs, newest first (at most 200). */
    @Transactional
    public List<ConciergeHandover> openHandovers() {
        tenant.city();
        return em.createQuery("select h from HandoverRow h where h.status = 'open' order by h.createdAt desc",
                HandoverRow.class).setMaxResults(200).getResultStream().map(HandoverRow::toHandover).toList();
    }

    @Transactional
    public ConciergeHandover handover(UUID id) {
        tenant.city();
        HandoverRow row = em.find(HandoverRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("concierge hand-over");
        }
        return row.toHandover();
    }

    /** The city's daily counters, newest first (at most 400 days). */
    /** The retrieval set-up of the caller's city (embedding model, index size); builds the index at its first use. */
    @Transactional
    public RetrievalStatus retrieval() {
        return bases.status(tenant.city());
    }

    @Transactional
    public List<ConciergeUsageDay> usage() {
        tenant.city();
        return em.createQuery("select u from UsageRow u order by u.day desc", UsageRow.class).setMaxResults(400)
                .getResultStream().map(UsageRow::toUsage).toList();
    }

    private HandoverRow handOver(KnowledgeIndex index, String question, String pageLanguage, ConciergeReply reply,
                          String askedBy) {
        HandoverRow row = new HandoverRow();
        row.id = UUID.randomUUID();
        row.question = question;
        row.reason = reply.handoverReason().name();
        row.language = reply.language() != null ? reply.language() : pageLanguage == null ? "ja" : pageLanguage;
        row.suggestedDepartment = reply.related().isEmpty() ? null : departmentOf(index, question);
        row.askedBy = askedBy == null || askedBy.isBlank() ? ANONYMOUS : askedBy;
        row.createdAt = OffsetDateTime.now();
        row.status = "open";
        row.receptionNumber = receptionNumbers.next().toString();
        JsonArrayBuilder related = Json.createArrayBuilder();
        for (SourceRef s : reply.related()) {
            related.add(Json.createObjectBuilder().add("id", s.entryId()).add("title", nz(s.title())).add("url", nz(s.url())));
        }
        row.transcript = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "citizen").add("text", question))
                .add(Json.createObjectBuilder().add("role", "concierge").add("text", nz(reply.text()))
                        .add("confidence", round(reply.confidence())).add("related", related))
                .build().toString();
        em.persist(row);
        em.flush();
        audit.record("concierge.handover", "concierge_handover", row.id.toString(), Map.of("reason", row.reason));
        // same transaction: the contact centre's case and this hand-over commit or roll back together
        handoverRequested.fire(new HandoverRequested(row.id, row.receptionNumber, row.question, row.transcript,
                row.language, row.suggestedDepartment, row.askedBy, row.reason));
        return row;
    }

    private static String departmentOf(KnowledgeIndex index, String question) {
        return index.search(question).hits().stream().map(SearchHit::department)
                .filter(d -> d != null && !d.isBlank()).findFirst().orElse(null);
    }

    private void count(City city, boolean answered) {
        long[] tokens = bases.drainTokens(city);
        em.createNativeQuery("INSERT INTO concierge_usage (day, questions, answered, handed_over, tokens_in, tokens_out) "
                        + "VALUES ((now() AT TIME ZONE 'Asia/Tokyo')::date, 1, ?1, ?2, ?3, ?4) "
                        + "ON CONFLICT (tenant_id, day) DO UPDATE SET questions = concierge_usage.questions + 1, "
                        + "answered = concierge_usage.answered + EXCLUDED.answered, "
                        + "handed_over = concierge_usage.handed_over + EXCLUDED.handed_over, "
                        + "tokens_in = concierge_usage.tokens_in + EXCLUDED.tokens_in, "
                        + "tokens_out = concierge_usage.tokens_out + EXCLUDED.tokens_out")
                .setParameter(1, answered ? 1 : 0).setParameter(2, answered ? 0 : 1)
                .setParameter(3, tokens[0]).setParameter(4, tokens[1]).executeUpdate();
        metrics.asked(city.code(), answered, tokens[0], tokens[1]);
    }

    private static ConciergeSource source(SourceRef s) {
        return new ConciergeSource(s.entryId(), s.title(), s.url() == null ? "" : s.url());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
