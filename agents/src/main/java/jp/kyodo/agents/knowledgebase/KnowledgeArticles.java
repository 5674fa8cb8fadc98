package jp.kyodo.agents.knowledgebase;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.kyodo.agents.knowledgebase.internal.EntryRow;
import jp.kyodo.tenant.TenantContext;

/**
 * What citizens may read of the city's knowledge base (よくある質問): the <em>published</em> copy of each entry that is
 * not hidden and, for an FAQ entry, valid today — exactly what the concierge answers from, never a draft or the working
 * copy of an entry being edited. Anyone may read it; the city is the request's and row-level security keeps it so.
 * A search is words that must all occur (after NFKC, lower case, katakana as hiragana) in the question, the other ways
 * of asking, the answer, the category or the department.
 */
@ApplicationScoped
public class KnowledgeArticles {

    /** The most a search or a list returns. */
    public static final int MAX = 1000;
    /** The longest search the pages take, in characters. */
    public static final int MAX_QUERY = 200;
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    /**
     * One entry as a citizen reads it.
     *
     * @param kind      FAQ or DOCUMENT
     * @param title     the question of an FAQ entry, the title of a document
     * @param body      the answer, or the document's text
     * @param sourceUrl the entry's page on the city's own site, or empty
     * @param language  the language the entry is written in (ja unless the city says otherwise)
     */
    public record Article(String id, String kind, String title, String body, String category, String department,
                          String sourceUrl, String language, OffsetDateTime updatedAt) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    KnowledgeBaseService knowledge;

    /**
     * The city's articles matching every word of {@code query} (all of them when it is blank) and, when
     * {@code category} is not blank, of that category; by category, then title. At most {@link #MAX}.
     */
    @Transactional
    public List<Article> search(String query, String category) {
        List<String> words = words(query);
        String inCategory = category == null ? "" : category.strip();
        List<Article> out = new ArrayList<>();
        for (Matchable m : readable()) {
            if ((inCategory.isEmpty() || inCategory.equals(m.article.category())) && words.stream().allMatch(m.text::contains)) {
                out.add(m.article);
                if (out.size() == MAX) {
                    break;
                }
            }
        }
        return out;
    }

    /** The categories of the city's articles with how many each holds, in order. */
    @Transactional
    public List<Category> categories() {
        List<Category> out = new ArrayList<>();
        for (Matchable m : readable()) {
            String c = m.article.category();
            if (out.isEmpty() || !out.get(out.size() - 1).name().equals(c)) {
                out.add(new Category(c, 1));
            } else {
                Category last = out.remove(out.size() - 1);
                out.add(new Category(c, last.count() + 1));
            }
        }
        return out;
    }

    /** A category and the number of articles in it. */
    public record Category(String name, int count) {
    }

    /** One article, or empty when the city has no readable entry of that id (a draft, hidden, expired, another city's). */
    @Transactional
    public Optional<Article> article(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            return Optional.empty();
        }
        knowledge.seedIfNeverHad();
        List<EntryRow> rows = em.createQuery("select e from EntryRow e where e.id = :id and e.published is not null"
                + " and e.status <> 'HIDDEN'", EntryRow.class).setParameter("id", id).getResultList();
        return rows.stream().map(r -> readable(r, today())).flatMap(Optional::stream).map(m -> m.article).findFirst();
    }

    private record Matchable(Article article, String text) {
    }

    private List<Matchable> readable() {
        tenant.city();
        knowledge.seedIfNeverHad();
        LocalDate today = today();
        return em.createQuery("select e from EntryRow e where e.published is not null and e.status <> 'HIDDEN'",
                        EntryRow.class).setMaxResults(5 * MAX).getResultStream()
                .map(r -> readable(r, today)).flatMap(Optional::stream)
                .sorted(Comparator.comparing((Matchable m) -> m.article.category().isEmpty() ? "\uffff" : m.article.category())
                        .thenComparing(m -> m.article.title()).thenComparing(m -> m.article.id()))
                .toList();
    }

    private static Optional<Matchable> readable(EntryRow r, LocalDate today) {
        if ("FAQ".equals(r.kind)) {
            FaqEntry f = KnowledgeBaseService.withStatus(KnowledgeBaseService.read(r.published, FaqEntry.class),
                    EntryStatus.PUBLISHED);
            if (!f.isLiveOn(today)) {
                return Optional.empty();
            }
            StringBuilder text = new StringBuilder(f.question()).append('\n').append(f.answer()).append('\n')
                    .append(f.category()).append('\n').append(f.department());
            f.alternatives().forEach(p -> text.append('\n').append(p.text()));
            return Optional.of(new Matchable(new Article(r.id, "FAQ", f.question(), f.answer(), f.category(),
                    f.department(), f.sourceUrl(), f.language(), r.updatedAt), normalize(text.toString())));
        }
        KnowledgeDocument d = KnowledgeBaseService.read(r.published, KnowledgeDocument.class);
        String category = r.category == null ? "" : r.category;
        return Optional.of(new Matchable(new Article(r.id, "DOCUMENT", d.title(), d.text(), category, "",
                d.sourceUrl(), d.language(), r.updatedAt), normalize(d.title() + "\n" + d.text() + "\n" + category)));
    }

    /** The words of a search, normalised as the articles' text is; empty for a blank search. */
    static List<String> words(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return List.of(normalize(query).split("[\\s\\p{Z}、。,.・]+")).stream().filter(w -> !w.isEmpty()).toList();
    }

    static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            b.append(c >= 'ァ' && c <= 'ヶ' ? (char) (c - 0x60) : c);
        }
        return b.toString();
    }

    private static LocalDate today() {
        return LocalDate.now(JAPAN);
    }
}
