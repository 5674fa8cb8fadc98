package jp.kyodo.agents.knowledge.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns words a resident typed in kana (じゅうみんひょう, てんにゅうとどけ) back into the written forms the city's own
 * entries use (住民票, 転入届), using a dictionary of reading → surface built from the tenant's indexed texts. Only
 * kana runs of the question are rewritten, by greedy longest match; readings shorter than {@link #MIN_READING}
 * characters are ignored (too ambiguous). The rewritten question feeds the word and bigram signals, so a kana-only
 * question gets the same terms as its kanji spelling; unknown kana stays as typed.
 */
final class KanaConverter {
    static final int MIN_READING = 3;
    static final int MAX_READING = 16;
    static final KanaConverter EMPTY = new KanaConverter(Map.of());

    /** Reading (katakana) → the most frequent written form in the tenant's texts. */
    private final Map<String, String> surfaceByReading;

    private KanaConverter(Map<String, String> surfaceByReading) {
        this.surfaceByReading = surfaceByReading;
    }

    /** Builds the dictionary from (surface, reading) pairs of the tenant's texts. */
    static KanaConverter of(Collection<List<JapaneseAnalysis.Word>> texts) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (List<JapaneseAnalysis.Word> words : texts) {
            for (JapaneseAnalysis.Word w : words) {
                if (w.reading().length() < MIN_READING || w.reading().length() > MAX_READING
                        || w.surface().chars().allMatch(c -> c >= '\u3041' && c <= '\u309f')) {
                    continue;
                }
                counts.computeIfAbsent(w.reading(), k -> new HashMap<>()).merge(w.surface(), 1, Integer::sum);
            }
        }
        Map<String, String> best = new HashMap<>();
        counts.forEach((reading, surfaces) -> best.put(reading, surfaces.entrySet().stream()
                .max((a, b) -> a.getValue().equals(b.getValue()) ? b.getKey().compareTo(a.getKey())
                        : Integer.compare(a.getValue(), b.getValue()))
                .orElseThrow().getKey()));
        return new KanaConverter(best);
    }

    int size() {
        return surfaceByReading.size();
    }

    /** {@code text} (normalised) with its kana runs rewritten where a known reading matches; same text if none. */
    String convert(String text) {
        if (surfaceByReading.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0, n = text.length();
        while (i < n) {
            if (!isKana(text.charAt(i))) {
                out.append(text.charAt(i++));
                continue;
            }
            int end = i;
            while (end < n && isKana(text.charAt(end))) {
                end++;
            }
            String run = text.substring(i, end);
            out.append(convertRun(run));
            i = end;
        }
        return out.toString();
    }

    private String convertRun(String run) {
        String kata = TextNormalizer.toKatakana(run);
        StringBuilder out = new StringBuilder(run.length());
        int i = 0;
        while (i < kata.length()) {
            String hit = null;
            int len = Math.min(MAX_READING, kata.length() - i);
            for (; len >= MIN_READING; len--) {
                hit = surfaceByReading.get(kata.substring(i, i + len));
                if (hit != null) {
                    break;
                }
            }
            if (hit != null) {
                out.append(hit);
                i += len;
            } else {
                out.append(run.charAt(i++));
            }
        }
        return out.toString();
    }

    static boolean isKana(char c) {
        return (c >= '\u3041' && c <= '\u3096') || (c >= '\u30a1' && c <= '\u30fa') || c == 'ー';
    }
}
