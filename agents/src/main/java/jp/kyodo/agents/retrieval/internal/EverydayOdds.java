package jp.kyodo.agents.retrieval.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Does a question read like the city's own knowledge or like everyday talk? The mean log-odds per word of two bags of
 * words: the city's own texts (its questions and phrasings counted {@link #QUESTION_WEIGHT} times, its answers and
 * passages once — read from the city's index, so nothing is kept per city beyond three numbers) and shipped everyday
 * questions that no city office answers ({@code knowledge/glossary/everyday-questions.txt}: weather, sport, money,
 * cooking, romance, gadgets, travel …; none of them in an evaluation set or among the calibration probes). The words
 * are the question's content words (kuromoji base forms), the character bigrams of its katakana reading (so a question
 * typed in kana meets the city's kanji) and its English words. Positive: reads like the city; negative: like everyday
 * talk; add-½ smoothing over both vocabularies.
 *
 * <p>Issue 14, session 19: the confidence of a terse in-scope question (「ばす日曜はしってる？」, 「75さいになったら保険どうなる」)
 * and that of an everyday question meeting one entry's incidental word overlap; this tells the two apart where the
 * confidence cannot, so the concierge can offer choices to the first instead of handing it over.
 */
public final class EverydayOdds {
    /** How many times a word of the city's questions counts against a word of its answers. */
    public static final double QUESTION_WEIGHT = 3;
    private static final double ALPHA = 0.5;
    private static volatile EverydayOdds shipped;

    private final Map<String, Integer> everyday;
    private final double everydayTotal;

    private EverydayOdds(Map<String, Integer> everyday) {
        this.everyday = Map.copyOf(everyday);
        this.everydayTotal = everyday.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The word counts of one city's texts. */
    public interface CityWords {
        /** Weighted count of a word ({@link #words} form: {@code k:}, {@code r:} or {@code e:} + term). */
        double count(String word);

        /** Weighted count of all words. */
        double total();

        /** Number of distinct words. */
        int vocabulary();
    }

    /** The shipped everyday questions' counts, read once. */
    public static EverydayOdds shipped(JapaneseAnalysis analysis) {
        EverydayOdds e = shipped;
        if (e == null) {
            Map<String, Integer> counts = new HashMap<>();
            for (String q : everydayQuestions()) {
                words(analysis, q).forEach(w -> counts.merge(w, 1, Integer::sum));
            }
            e = new EverydayOdds(counts);
            shipped = e;
        }
        return e;
    }

    /** Mean log-odds per word of the question, the city's texts over everyday talk; 0 for a question with no word. */
    public double odds(List<String> questionWords, CityWords city) {
        if (questionWords.isEmpty()) {
            return 0;
        }
        double vocabulary = city.vocabulary() + everyday.size() + 1.0;
        double cityNorm = Math.log(city.total() + ALPHA * vocabulary);
        double everydayNorm = Math.log(everydayTotal + ALPHA * vocabulary);
        double s = 0;
        for (String w : questionWords) {
            s += Math.log(city.count(w) + ALPHA) - cityNorm - Math.log(everyday.getOrDefault(w, 0) + ALPHA) + everydayNorm;
        }
        return s / questionWords.size();
    }

    /** A text's words as both sides count them. */
    public static List<String> words(JapaneseAnalysis a, String text) {
        List<String> out = new ArrayList<>();
        a.kuromojiTerms(text).forEach(t -> out.add("k:" + t));
        a.readingTerms(text).forEach(t -> out.add("r:" + t));
        a.englishTerms(text).forEach(t -> out.add("e:" + t));
        return out;
    }

    static List<String> everydayQuestions() {
        try (InputStream in = EverydayOdds.class.getResourceAsStream("/knowledge/glossary/everyday-questions.txt")) {
            if (in == null) {
                throw new IllegalStateException("knowledge/glossary/everyday-questions.txt is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
