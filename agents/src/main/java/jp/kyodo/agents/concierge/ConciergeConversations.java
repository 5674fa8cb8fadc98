package jp.kyodo.agents.concierge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.agents.concierge.internal.ConversationRow;
import jp.kyodo.agents.concierge.internal.MessageRow;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Conversations with the concierge, per city and per owner: a signed-in person ({@link #subjectOwner}) or an anonymous
 * browser session ({@link #sessionOwner}: only a hash of the cookie value is stored). A conversation continues while
 * its last message is less than 24 hours old, or until the person starts a new one.
 */
@ApplicationScoped
public class ConciergeConversations {

    static final int KEEP_HOURS = 24;

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    /**
     * The owner key of a signed-in person: their immutable Keycloak subject id ({@code sub}), never the user name (a
     * closed account's name may be taken by a new person, who must not continue the first one's conversations).
     */
    public static String subjectOwner(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a conversation of a signed-in person needs their subject id");
        }
        return "subject:" + subject;
    }

    /** The owner key of an anonymous session: a SHA-256 of the cookie's random value. */
    public static String sessionOwner(String cookieValue) {
        try {
            return "session:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cookieValue.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The owner's current conversation in the city, if any. */
    @Transactional
    public Optional<ConciergeConversation> current(String owner) {
        tenant.city();
        return currentRow(owner).map(this::view);
    }

    /** The owner's conversations in the city, newest first (at most 50), with their messages. */
    @Transactional
    public List<ConciergeConversation> of(String owner) {
        tenant.city();
        return em.createQuery("select c from ConversationRow c where c.owner = :o order by c.updatedAt desc",
                ConversationRow.class).setParameter("o", owner).setMaxResults(50).getResultStream().map(this::view).toList();
    }

    /** One conversation of the city; only its owner, unless {@code anyOwner} (staff following up a hand-over). */
    @Transactional
    public ConciergeConversation get(UUID id, String owner, boolean anyOwner) {
        tenant.city();
        ConversationRow c = em.find(ConversationRow.class, id);
        if (c == null || (!anyOwner && !c.owner.equals(owner))) {
            throw ProblemException.notFound("conversation");
        }
        return view(c);
    }

    /** Ends the owner's current conversation: the next question starts a new one. */
    @Transactional
    public void startNew(String owner) {
        tenant.city();
        currentRow(owner).ifPresent(c -> c.updatedAt = OffsetDateTime.now().minusHours(KEEP_HOURS + 1));
    }

    /** Adds a question and the concierge's answer to the owner's current conversation (in the caller's transaction). */
    @Transactional
    public UUID record(String owner, String question, ConciergeAnswer answer) {
        tenant.city();
        OffsetDateTime now = OffsetDateTime.now();
        ConversationRow c = currentRow(owner).orElseGet(() -> {
            ConversationRow n = new ConversationRow();
            n.id = UUID.randomUUID();
            n.owner = owner;
            n.createdAt = now;
            n.updatedAt = now;
            em.persist(n);
            return n;
        });
        c.updatedAt = now;
        Integer last = em.createQuery("select max(m.seq) from MessageRow m where m.conversationId = :c", Integer.class)
                .setParameter("c", c.id).getSingleResult();
        int seq = last == null ? 0 : last;
        em.persist(message(c.id, ++seq, "citizen", question, null, "[]", null, now));
        JsonArrayBuilder sources = Json.createArrayBuilder();
        for (ConciergeSource s : answer.sources()) {
            sources.add(Json.createObjectBuilder().add("id", s.id()).add("title", nz(s.title())).add("url", nz(s.url())));
        }
        em.persist(message(c.id, ++seq, "concierge", answer.answer() == null ? "" : answer.answer(), answer.outcome(),
                sources.build().toString(), answer.receptionNumber(), now));
        em.flush();
        return c.id;
    }

    private Optional<ConversationRow> currentRow(String owner) {
        return em.createQuery("select c from ConversationRow c where c.owner = :o and c.updatedAt > :since "
                        + "order by c.updatedAt desc", ConversationRow.class).setParameter("o", owner)
                .setParameter("since", OffsetDateTime.now().minusHours(KEEP_HOURS)).setMaxResults(1)
                .getResultStream().findFirst();
    }

    private static MessageRow message(UUID conversation, int seq, String role, String text, String outcome,
                                      String sources, String reception, OffsetDateTime at) {
        MessageRow m = new MessageRow();
        m.id = UUID.randomUUID();
        m.conversationId = conversation;
        m.seq = seq;
        m.role = role;
        m.text = text;
        m.outcome = outcome;
        m.sources = sources;
        m.receptionNumber = reception;
        m.createdAt = at;
        return m;
    }

    private ConciergeConversation view(ConversationRow c) {
        List<ConversationMessage> ms = new ArrayList<>();
        em.createQuery("select m from MessageRow m where m.conversationId = :c order by m.seq", MessageRow.class)
                .setParameter("c", c.id).setMaxResults(500).getResultStream().forEach(m -> {
                    List<ConciergeSource> sources = new ArrayList<>();
                    try (var r = Json.createReader(new StringReader(m.sources == null ? "[]" : m.sources))) {
                        for (var v : r.readArray()) {
                            JsonObject o = v.asJsonObject();
                            sources.add(new ConciergeSource(o.getString("id", ""), o.getString("title", ""),
                                    o.getString("url", "")));
                        }
                    }
                    ms.add(new ConversationMessage(m.seq, m.role, m.text, m.outcome, sources, m.receptionNumber,
                            m.createdAt));
                });
        return new ConciergeConversation(c.id, c.createdAt, c.updatedAt, ms);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
