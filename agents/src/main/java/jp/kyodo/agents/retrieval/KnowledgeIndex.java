package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.KnowledgeDocument;
import jp.kyodo.agents.knowledgebase.SynonymGroup;
import jp.kyodo.agents.knowledgebase.TenantId;
import java.util.Collection;
import java.util.List;

/**
 * The knowledge index of exactly one tenant. Obtain it from {@link KnowledgeIndexes#forTenant(TenantId)} with the
 * tenant of the current request; nothing in a question can widen a search beyond this tenant's own directory.
 * Writes are visible to searches as soon as the method returns (near-real-time reader refreshed on write).
 */
public interface KnowledgeIndex {

    TenantId tenant();

    /** Search with the default options (5 hits, all signals). */
    default SearchResult search(String question) {
        return search(question, SearchOptions.defaults());
    }

    SearchResult search(String question, SearchOptions options);

    /** Insert or replace one FAQ entry (by id). */
    void upsert(FaqEntry entry);

    /** Insert or replace several FAQ entries; searches see all of them or none of them. */
    void upsertAll(Collection<FaqEntry> entries);

    /** Insert or replace one document (by id); it is re-split into passages. */
    void upsert(KnowledgeDocument document);

    /** Delete an FAQ entry or document by id; returns whether it existed. */
    boolean delete(String id);

    /** Replace the tenant's whole knowledge (the bundle must belong to this tenant). */
    void replaceAll(CityKnowledge knowledge);

    /**
     * The slow part of {@link #replaceAll(CityKnowledge)}: the embedding vectors of {@code knowledge} computed (a call
     * of the embedding model, possibly remote), nothing written. Call it with no database transaction open.
     */
    default PreparedKnowledge prepare(CityKnowledge knowledge) {
        return new PreparedKnowledge(knowledge, null, java.util.Map.of());
    }

    /** Replace the tenant's whole knowledge with a prepared one: writing only, no call of the embedding model. */
    default void replaceAll(PreparedKnowledge prepared) {
        replaceAll(prepared.knowledge());
    }

    void setSynonyms(List<SynonymGroup> synonyms);

    /** All FAQ entries stored for the tenant, drafts and expired ones included, ordered by id. */
    List<FaqEntry> faqs();

    List<KnowledgeDocument> documents();

    List<SynonymGroup> synonyms();

    /** The tenant's knowledge as one bundle (for export). */
    default CityKnowledge export(String cityName) {
        return new CityKnowledge(tenant(), cityName, faqs(), documents(), synonyms());
    }

    /** Number of stored FAQ entries and documents. */
    int size();

    /**
     * The city's own confidence scale (self-retrieval and out-of-scope probes), measured after the index was built or
     * changed; {@link Calibration#NONE} when not measured.
     */
    default Calibration calibration() {
        return Calibration.NONE;
    }

    /**
     * Whether the question names a city, ward, town or village (〜市, 〜区, 〜町, 〜村) that this city's own knowledge never
     * mentions: a question about another municipality, which this city's answers would only mislead.
     */
    default boolean mentionsOtherPlace(String question) {
        return false;
    }

    /**
     * {@link #mentionsOtherPlace(String)}, and also a municipality that this city's knowledge mentions (a neighbour
     * named in its answers: the ferry terminal in 港北市) when the question asks for that municipality's own service
     * (「港北市の保育園」: the name followed by の or 役所/役場) and none of the first FAQ hits mentions it — the city's
     * own name excepted. Session 17.
     */
    default boolean mentionsOtherPlace(String question, SearchResult result) {
        return mentionsOtherPlace(question);
    }

    /**
     * Whether a Japanese question asks how to do something (〜の弾き方, しつけ方) with a verb that neither this city's
     * knowledge nor the shared list of administrative verbs ever uses — a private activity no city office answers;
     * 「ごみの出し方」, 「住民票の取り方」, 「申請の仕方」 are not. Session 17.
     */
    default boolean asksHowToDoSomethingElse(String question) {
        return false;
    }

    /**
     * How much the question reads like this city's own knowledge rather than everyday talk: the mean log-odds per word
     * of the city's texts (questions and phrasings weighted over answers and passages) against shipped everyday
     * questions no city office answers — positive like the city, negative like everyday talk (「ばす日曜はしってる？」
     * vs 「近くのコンビニどこ」). {@code NaN} when the index cannot tell. Session 19 (issue 14).
     */
    default double readsLikeTheCity(String question) {
        return Double.NaN;
    }

    /** Number of embedding vectors held for the tenant's entries and passages (0 when the index has no embedding model). */
    default int vectorCount() {
        return 0;
    }
}
