package jp.kyodo.agents.concierge;

import jp.kyodo.agents.retrieval.RetrievalStatus;
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
import jp.kyodo.agents.retrieval.KnowledgeBases;
import jp.kyodo.agents.concierge.internal.UsageRow;
import jp.kyodo.agents.concierge.ConciergeReply.HandoverReason;
import jp.kyodo.agents.retrieval.SearchHit;
import jp.kyodo.agents.retrieval.SourceRef;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.identity.RoleCheckedInTransaction;
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
    @Inject
    CityMembers members;
    /** This bean through its proxy, so that {@link #prepare} and {@link #record} run in their own transactions. */
    @Inject
    ConciergeService self;
    @Inject
    ConciergeLimits limits;
    @Inject
    jakarta.servlet.http.HttpServletRequest request;

    /** Answers a question of the person in {@link RequestIdentity} (anonymous when nobody signed in). */
    public ConciergeAnswer ask(ConciergeQuestion q) {
        String subject = identity.subject();
        return ask(q, identity.username(), subject == null || subject.isBlank() ? null
                : ConciergeConversations.subjectOwner(subject), false);
    }

    /** The city roles that may ask through the API ({@link ConciergeResource#ask}, checked in {@link #prepareForMember}). */
    static final String CITIZEN = "citizen", OPERATOR = "operator", STAFF = "staff", CITY_ADMIN = "city-admin";

    /**
     * The API's question ({@link ConciergeResource#ask}): the caller's role in the request's city is read as the first
     * statement of {@link #prepareForMember}'s transaction, before anything else is read, built or answered, and the
     * caller without one of {@link ConciergeResource}'s roles is refused (403) there. Saves the role check's own
     * transaction (session 15).
     */
    public ConciergeAnswer askAsMember(ConciergeQuestion q) {
        String subject = identity.subject();
        if (subject == null || subject.isBlank()) {
            throw ProblemException.forbidden("role-required",
                    "この操作に必要な役割をこの自治体で持っていません",
                    "you do not hold a role in this city that allows this operation");
        }
        return ask(q, identity.username(), ConciergeConversations.subjectOwner(subject), true);
    }

    /**
     * Answers a question; a hand-over records {@code askedBy} (the user name of the person signed in to this city in
     * this request, or {@code anonymous}) and, for a signed-in person, their subject id.
     */
    public ConciergeAnswer ask(ConciergeQuestion q, String askedBy) {
        return ask(q, askedBy, null);
    }

    /**
     * Answers a question and, when {@code conversationOwner} is given (see {@link ConciergeConversations}), adds the
     * exchange to that owner's current conversation. Three steps: the city's concierge is looked up in one
     * transaction, the question is answered outside any transaction (retrieval, and the city's model when it has
     * one: a slow model holds no database connection), and the outcome is recorded in a second transaction.
     */
    public ConciergeAnswer ask(ConciergeQuestion q, String askedBy, String conversationOwner) {
        return ask(q, askedBy, conversationOwner, false);
    }

    private ConciergeAnswer ask(ConciergeQuestion q, String askedBy, String conversationOwner, boolean roleHere) {
        // the API's role check comes first, before the input is even looked at (as when the filter did it)
        Concierge checked = roleHere ? self.prepareForMember() : null;
        Checks.valid(q);
        String question = q.question().strip();
        if (question.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw ProblemException.badRequest("question", "質問を入力してください", "the question is blank");
        }
        City city = tenant.city();
        String client = client(askedBy);
        // questions are limited for people without a sign-in (issue 10, item 13): a signed-in person is known to the
        // city; hand-overs, which each open a case, are limited for everyone (in record, where a case is due)
        if (client.startsWith("addr:")) {
            limits.check(ConciergeLimits.Kind.QUESTION, city.id(), client);
        }
        bases.indexOf(city); // a first use builds the index here, with no transaction open (issue 10, item 8)
        Concierge concierge = checked != null ? checked : self.prepare();
        ConciergeReply reply;
        boolean chosen = q.choice() != null && !q.choice().isBlank();
        if (chosen) {
            reply = concierge.choose(question, q.choice());
            if (reply == null) {
                throw ProblemException.badRequest("choice", "選択肢が見つかりません。もう一度質問してください",
                        "the chosen entry is not a published entry of this city");
            }
        } else {
            reply = concierge.answer(question);
        }
        // where a case would be routed, looked up here (the search may call an embedding endpoint): never in record's
        // transaction
        HandoverReason why = reply.handoverReason();
        boolean due = (why == HandoverReason.PERSON_REQUESTED || q.wantsPerson()) && why != HandoverReason.NOT_A_QUESTION
                && why != HandoverReason.OUT_OF_SCOPE;
        String department = due && !reply.related().isEmpty() ? departmentOf(question) : null;
        return self.record(q, question, reply, chosen, askedBy, conversationOwner, department);
    }

    /** Who asks, for the limits: a signed-in person by subject id (never the user name), anyone else by address. */
    private String client(String askedBy) {
        String subject = blankToNull(identity.subject());
        if (askedBy != null && !askedBy.isBlank() && !ANONYMOUS.equals(askedBy) && subject != null) {
            return "subject:" + subject;
        }
        try {
            return "addr:" + request.getRemoteAddr();
        } catch (RuntimeException e) { // no HTTP request (a job): one shared key
            return "addr:none";
        }
    }

    /** Step 1 of {@link #ask}: the city's concierge (its index built from the database at first use). */
    @Transactional
    public Concierge prepare() {
        bases.indexOf(tenant.city());
        return bases.concierge();
    }

    /**
     * Step 1 of {@link #askAsMember}: the caller's role in the city, read by {@link RoleCheckedInTransaction}'s
     * interceptor as this transaction's first statement (it binds the city too), then the city's concierge. With no
     * such role: 403, and nothing else is read. The index is not waited for here (a transaction is open): the caller
     * waits for a first build after this, with no transaction open.
     */
    @Transactional
    @RoleCheckedInTransaction({CITIZEN, OPERATOR, STAFF, CITY_ADMIN})
    public Concierge prepareForMember() {
        return prepare();
    }

    /** Step 3 of {@link #ask}: the hand-over and case when one is due, the conversation, the day's counters. */
    @Transactional
    public ConciergeAnswer record(ConciergeQuestion q, String question, ConciergeReply reply, boolean chosen,
                                  String askedBy, String conversationOwner, String department) {
        City city = tenant.city();
        if (!reply.tenant().equals(KnowledgeBases.keyOf(city))) {
            throw new IllegalStateException("concierge answered for another tenant");
        }
        boolean anonymous = askedBy == null || askedBy.isBlank() || ANONYMOUS.equals(askedBy);
        List<ConciergeSource> sources = reply.sources().stream().map(ConciergeService::source).toList();
        List<ConciergeSource> choices = reply.choices().stream().map(ConciergeService::source).toList();
        String text = reply.text();
        String notice = reply.notice();
        HandoverRow handover = null;
        String followUrl = null;
        String outcome = reply.outcome().name();
        String reason = reply.handoverReason() == null ? null : reply.handoverReason().name();
        boolean offered = false;
        HandoverReason why = reply.handoverReason();
        boolean refusedOutright = why == HandoverReason.NOT_A_QUESTION || why == HandoverReason.OUT_OF_SCOPE;
        // a case opens when the question asks for a person, or when the person asks for one (handover: true) —
        // after an unsure reply, after "which of these?" ("none of these"), or after an answer that did not help —
        // but never for input without words or about another municipality
        boolean wanted = why == HandoverReason.PERSON_REQUESTED || q.wantsPerson();
        if (wanted && !refusedOutright) {
            if (anonymous && !q.hasContact()) {
                // a person who is not signed in must say how to reach them, or nobody can answer the case
                throw ProblemException.badRequest("contact", "職員から連絡するためのメールアドレスか電話番号を入力してください",
                        "a contact e-mail address or telephone number is required to hand over without signing in");
            }
            // a case is due: counted against the hand-over limits first (429 here writes nothing: the transaction
            // rolls back); a request that opens nothing (no words, another municipality, no contact) is not counted
            limits.check(ConciergeLimits.Kind.HANDOVER, city.id(), client(askedBy));
            HandoverRequested opened = handOver(question, q, reply, askedBy, conversationOwner, department);
            handover = em.find(HandoverRow.class, opened.handoverId());
            followUrl = opened.followUp().get();
            outcome = "HANDOVER";
            reason = handover.reason;
            if (reply.answered() || reply.clarifies()) {
                // the person asked for a person instead: say so, not the answer or the choices again
                text = Concierge.handoverMessage(reply.language());
                notice = "";
                sources = List.of();
                choices = List.of();
            }
        } else if (!reply.answered() && !reply.clarifies()) {
            outcome = "UNANSWERED";
            offered = !refusedOutright;
        }
        ConciergeAnswer answer = new ConciergeAnswer(outcome, reply.language(), text, sources,
                round(reply.confidence()), handover == null ? null : handover.id,
                handover == null ? null : handover.receptionNumber, notice,
                reply.suggestions().stream().map(ConciergeService::source).toList(), choices, reason, offered, followUrl);
        if (conversationOwner != null) {
            conversations.record(conversationOwner, question, answer);
        }
        count(city, answer.outcome(), chosen);
        return answer;
    }

    /** The city's open hand-overs, newest first (at most 200). */
    @Transactional
    public List<ConciergeHandover> openHandovers() {
        tenant.city();
        List<HandoverRow> rows = em.createQuery("select h from HandoverRow h where h.status = 'open' order by h.createdAt desc",
                HandoverRow.class).setMaxResults(200).getResultList();
        Map<String, String> names = members.displayNames(rows.stream().map(h -> h.askedBySubject).toList());
        return rows.stream().map(h -> h.toHandover(askedByName(h, names))).toList();
    }

    /**
     * Who asked, as staff see it: the display name of the member with the hand-over's subject id; a closed account
     * (or a name from before subject ids whose holder could not be told) is shown as such, never as the person who
     * holds that user name now.
     */
    private static String askedByName(HandoverRow h, Map<String, String> names) {
        if (h.askedBySubject != null) {
            return names.getOrDefault(h.askedBySubject, CityMembers.FORMER_MEMBER);
        }
        return h.askedBy == null || ANONYMOUS.equals(h.askedBy) ? ANONYMOUS : CityMembers.FORMER_MEMBER;
    }

    @Transactional
    public ConciergeHandover handover(UUID id) {
        tenant.city();
        HandoverRow row = em.find(HandoverRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("concierge hand-over");
        }
        return row.toHandover(askedByName(row, row.askedBySubject == null ? Map.of()
                : members.displayNames(List.of(row.askedBySubject))));
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

    private HandoverRequested handOver(String question, ConciergeQuestion q, ConciergeReply reply, String askedBy,
                                       String conversationOwner, String department) {
        HandoverRow row = new HandoverRow();
        row.id = UUID.randomUUID();
        row.question = question;
        row.reason = reply.handoverReason() != null ? reply.handoverReason().name()
                : HandoverReason.PERSON_REQUESTED.name();
        row.language = reply.language() != null ? reply.language() : q.language() == null ? "ja" : q.language();
        // routed by what the question is about: the department of the closest entry the question named
        row.suggestedDepartment = department;
        row.askedBy = askedBy == null || askedBy.isBlank() ? ANONYMOUS : askedBy;
        row.askedBySubject = ANONYMOUS.equals(row.askedBy) ? null : blankToNull(identity.subject());
        row.createdAt = OffsetDateTime.now();
        row.status = "open";
        row.receptionNumber = receptionNumbers.next().toString();
        JsonArrayBuilder related = Json.createArrayBuilder();
        for (SourceRef s : reply.related()) {
            related.add(Json.createObjectBuilder().add("id", s.entryId()).add("title", nz(s.title())).add("url", nz(s.url())));
        }
        // the whole conversation so far, then this question and the concierge's reply
        JsonArrayBuilder transcript = Json.createArrayBuilder();
        if (conversationOwner != null) {
            conversations.current(conversationOwner).ifPresent(c -> c.messages().forEach(m -> transcript.add(
                    Json.createObjectBuilder().add("role", m.role()).add("text", nz(m.text())))));
        }
        row.transcript = transcript
                .add(Json.createObjectBuilder().add("role", "citizen").add("text", question))
                .add(Json.createObjectBuilder().add("role", "concierge").add("text", nz(reply.text()))
                        .add("confidence", round(reply.confidence())).add("related", related))
                .build().toString();
        em.persist(row);
        em.flush();
        audit.record("concierge.handover", "concierge_handover", row.id.toString(), Map.of("reason", row.reason));
        // same transaction: the contact centre's case and this hand-over commit or roll back together
        HandoverRequested event = new HandoverRequested(row.id, row.receptionNumber, row.question, row.transcript,
                row.language, row.suggestedDepartment, row.askedBy, row.askedBySubject, row.reason, blankToNull(q.contactName()),
                blankToNull(q.contactEmail()), blankToNull(q.contactPhone()), null);
        handoverRequested.fire(event);
        return event;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String departmentOf(String question) {
        try {
            return bases.indexOf(tenant.city()).search(question).hits().stream().map(SearchHit::department)
                    .filter(d -> d != null && !d.isBlank()).findFirst().orElse(null);
        } catch (RuntimeException e) { // an embedding endpoint that fails: the case is routed by hand
            return null;
        }
    }

    /** One upsert per question: direct answers, chosen clarifications, clarifications and opened cases apart. */
    private void count(City city, String outcome, boolean chosen) {
        long[] tokens = bases.drainTokens(city);
        boolean answered = "ANSWERED".equals(outcome);
        int direct = answered && !chosen ? 1 : 0, picked = answered && chosen ? 1 : 0;
        int clarified = "CLARIFY".equals(outcome) ? 1 : 0, handed = "HANDOVER".equals(outcome) ? 1 : 0;
        em.createNativeQuery("INSERT INTO concierge_usage (day, questions, answered, handed_over, tokens_in, tokens_out, "
                        + "clarified, chosen) VALUES ((now() AT TIME ZONE 'Asia/Tokyo')::date, ?7, ?1, ?2, ?3, ?4, ?5, ?6) "
                        + "ON CONFLICT (tenant_id, day) DO UPDATE SET questions = concierge_usage.questions + EXCLUDED.questions, "
                        + "answered = concierge_usage.answered + EXCLUDED.answered, "
                        + "handed_over = concierge_usage.handed_over + EXCLUDED.handed_over, "
                        + "tokens_in = concierge_usage.tokens_in + EXCLUDED.tokens_in, "
                        + "tokens_out = concierge_usage.tokens_out + EXCLUDED.tokens_out, "
                        + "clarified = concierge_usage.clarified + EXCLUDED.clarified, "
                        + "chosen = concierge_usage.chosen + EXCLUDED.chosen")
                .setParameter(1, direct).setParameter(2, handed).setParameter(3, tokens[0]).setParameter(4, tokens[1])
                .setParameter(5, clarified).setParameter(6, picked).setParameter(7, chosen ? 0 : 1).executeUpdate();
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
