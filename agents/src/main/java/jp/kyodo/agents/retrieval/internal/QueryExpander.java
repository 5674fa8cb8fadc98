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
 * Adds search terms to a question: the other members of the city's synonym groups the question mentions, and the
 * Japanese terms of the shared cross-language glossary (English, Chinese, Korean, Vietnamese → Japanese).
 * Expansion terms are searched with a lower weight than the question's own words.
 */
public final class QueryExpander {
    private record Rule(List<Pattern> patterns, String japanese) {
    }

    private final List<Rule> glossary;

    private QueryExpander(List<Rule> glossary) {
        this.glossary = List.copyOf(glossary);
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
                for (JsonNode t : e.path("terms")) {
                    ps.add(pattern(TextNormalizer.normalize(t.asText())));
                }
                rules.add(new Rule(ps, e.path("ja").asText()));
            }
            return new QueryExpander(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An expander with no glossary (synonyms only). */
    public static QueryExpander none() {
        return new QueryExpander(List.of());
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
        for (SynonymGroup g : synonyms) {
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
                    if (!norm.contains(TextNormalizer.normalize(t))) {
                        out.add(t);
                    }
                }
            }
        }
        for (Rule r : glossary) {
            for (Pattern p : r.patterns()) {
                if (p.matcher(norm).find()) {
                    out.add(r.japanese());
                    break;
                }
            }
        }
        return String.join(" ", out);
    }
}
