package jp.kyodo.agents.retrieval.internal;

import jp.kyodo.agents.retrieval.TextNormalizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.agents.knowledgebase.SynonymGroup;

/**
 * Adds search terms to a question: the other members of the city's synonym groups the question mentions, the other
 * members of the shared groups of administrative abbreviations, readings and spelling variants
 * ({@code knowledge/glossary/abbreviations.json}: 国保 = 国民健康保険 = こくほ, 申込 = 申し込み …), and the Japanese
 * terms of the shared cross-language glossary (English, Chinese, Korean, Vietnamese → Japanese).
 * Expansion terms are searched with a lower weight than the question's own words.
 */
public final class QueryExpander {
    /**
     * A glossary rule: its terms' patterns, and which of them are katakana words of three letters or more
     * ({@code kana}), which also match the question with its hiragana folded to katakana (そふぁ = ソファ); the rule
     * does not apply to a question that holds one of its {@code except} words (穴あいてる is a hole, not opening hours).
     */
    private record Rule(List<Pattern> patterns, List<Boolean> kana, List<String> except, String japanese) {
    }

    /** Session 20: katakana glossary words also match hiragana ({@code -Dkyodo.retrieval.kanaGlossary=false}: off). */
    static final boolean KANA_GLOSSARY = !"false".equals(System.getProperty("kyodo.retrieval.kanaGlossary"));

    private final List<Rule> glossary;
    /** Shared groups of equivalent terms (abbreviation, full form, reading), applied like a city's synonym groups. */
    private final List<SynonymGroup> abbreviations;

    private QueryExpander(List<Rule> glossary, List<SynonymGroup> abbreviations) {
        this.glossary = List.copyOf(glossary);
        this.abbreviations = List.copyOf(abbreviations);
    }

    /** The shared abbreviation groups (off with {@code -Dkyodo.retrieval.abbreviations=false}, for the bench). */
    static List<SynonymGroup> loadAbbreviations() {
        if (!Boolean.parseBoolean(System.getProperty("kyodo.retrieval.abbreviations", "true"))) {
            return List.of();
        }
        try (InputStream in = QueryExpander.class.getResourceAsStream("/knowledge/glossary/abbreviations.json")) {
            if (in == null) {
                return List.of();
            }
            List<SynonymGroup> groups = new ArrayList<>();
            for (JsonNode g : new ObjectMapper().readTree(in).path("groups")) {
                List<String> terms = new ArrayList<>();
                g.forEach(t -> terms.add(t.asText()));
                groups.add(new SynonymGroup(terms));
            }
            return groups;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static QueryExpander loadDefault() {
        try (InputStream in = QueryExpander.class.getResourceAsStream("/knowledge/glossary/crosslingual.json")) {
            if (in == null) {
                return none();
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Rule> rules = new ArrayList<>();
            List<JsonNode> all = new ArrayList<>();
            root.path("entries").forEach(all::add);
            root.path("colloquial").forEach(all::add);
            for (JsonNode e : all) {
                List<Pattern> ps = new ArrayList<>();
                List<Boolean> kana = new ArrayList<>();
                for (JsonNode t : e.path("terms")) {
                    String term = TextNormalizer.normalize(t.asText());
                    ps.add(pattern(term));
                    kana.add(KANA_GLOSSARY && term.length() >= 3 && JapaneseAnalysis.isKatakana(term));
                }
                List<String> except = new ArrayList<>();
                e.path("except").forEach(x -> except.add(TextNormalizer.normalize(x.asText())));
                rules.add(new Rule(ps, kana, except, e.path("ja").asText()));
            }
            return new QueryExpander(rules, loadAbbreviations());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared groups of equivalent terms ({@code abbreviations.json}). */
    List<SynonymGroup> sharedGroups() {
        return abbreviations;
    }

    /** An expander with no glossary (synonyms only). */
    public static QueryExpander none() {
        return new QueryExpander(List.of(), List.of());
    }

    private static Pattern pattern(String term) {
        boolean latin = term.chars().allMatch(c -> c < 0x2000);
        String q = Pattern.quote(term);
        return latin ? Pattern.compile("(?<![\\p{L}\\p{N}])" + q + "(?![\\p{L}\\p{N}])") : Pattern.compile(q);
    }

    /** Expansion text (space separated) for {@code question}, given the tenant's synonyms; empty when none apply. */
    public String expand(String question, List<SynonymGroup> synonyms) {
        String norm = TextNormalizer.normalize(question);
        String kata = TextNormalizer.toKatakana(norm);
        Set<String> out = new LinkedHashSet<>();
        addGroups(synonyms, norm, kata, out, false);
        // a member written as a hiragana reading (こくほ) is for matching the question, not a search term of its own
        addGroups(abbreviations, norm, kata, out, true);
        matched(norm, kata).forEach(r -> out.add(r.japanese()));
        return String.join(" ", out);
    }

    /**
     * The first Japanese term of each glossary rule the question meets, space separated: the word a question in another
     * language names ("child allowance" → 児童手当; "opening hours" → 開庁時間, not its companion term 窓口).
     */
    public String namedTerms(String question) {
        String norm = TextNormalizer.normalize(question);
        Set<String> out = new LinkedHashSet<>();
        matched(norm, TextNormalizer.toKatakana(norm)).forEach(r -> out.add(r.japanese().split(" ")[0]));
        return String.join(" ", out);
    }

    private List<Rule> matched(String norm, String kata) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : glossary) {
            if (r.except().stream().anyMatch(norm::contains)) {
                continue;
            }
            for (int i = 0; i < r.patterns().size(); i++) {
                Pattern p = r.patterns().get(i);
                if (p.matcher(norm).find() || (r.kana().get(i) && p.matcher(kata).find())) {
                    out.add(r);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Every member (abbreviation, full form, reading) of the shared abbreviation groups the question mentions, space
     * separated: the words of the question they replace and the expansion terms that stand for them.
     */
    public String abbreviationGroups(String question) {
        String norm = TextNormalizer.normalize(question);
        String kata = TextNormalizer.toKatakana(norm);
        Set<String> out = new LinkedHashSet<>();
        for (SynonymGroup g : abbreviations) {
            for (String t : g.terms()) {
                String nt = TextNormalizer.normalize(t);
                if (!nt.isEmpty() && (norm.contains(nt) || kata.contains(TextNormalizer.toKatakana(nt)))) {
                    out.addAll(g.terms());
                    break;
                }
            }
        }
        return String.join(" ", out);
    }

    private static void addGroups(List<SynonymGroup> groups, String norm, String kata, Set<String> out,
                                  boolean shared) {
        for (SynonymGroup g : groups) {
            boolean hit = false;
            for (String t : g.terms()) {
                String nt = TextNormalizer.normalize(t);
                if (!nt.isEmpty() && (norm.contains(nt) || kata.contains(TextNormalizer.toKatakana(nt)))) {
                    hit = true;
                    break;
                }
            }
            if (hit) {
                for (String t : g.terms()) {
                    String nt = TextNormalizer.normalize(t);
                    if (!norm.contains(nt) && !(shared && (kata.contains(TextNormalizer.toKatakana(nt)) || hiraganaOnly(nt)))) {
                        out.add(t);
                    }
                }
            }
        }
    }

    /** A reading typed in hiragana (こくほ, まいなかーど): katakana members are words (マイナンバーカード, ケアマネ). */
    private static boolean hiraganaOnly(String s) {
        return s.codePoints().allMatch(c -> (c >= 0x3041 && c <= 0x309f) || c == 'ー' || c == ' ');
    }
}
