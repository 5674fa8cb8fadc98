package jp.kyodo.agents.lifeevents.internal;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import jp.kyodo.agents.lifeevents.BundleDefinition;

/**
 * Finds life events in what a person writes (「子どもが生まれました」, "my father died"): a bundle is heard when one of
 * its {@code said} words occurs in the text. Both sides are compared in one form — NFKC (full-width letters and digits,
 * half-width kana), lower case, katakana as hiragana, no white space — so 「ウマレ」, 「うまれ」 and "Born" all count.
 * Deterministic on purpose: it needs no model, and it only offers a bundle; the person starts it.
 */
public final class SaidWords {

    /** Longest text looked at; longer text is refused by the callers (a search box, not a document). */
    public static final int MAX_TEXT = 200;
    /** Longest word a bundle may list. */
    static final int MAX_WORD = 40;

    private SaidWords() {
    }

    /** The bundles (in the given order) one of whose words occurs in {@code text}; none for a blank text. */
    public static List<BundleDefinition> heard(List<BundleDefinition> bundles, String text) {
        String said = normalized(text);
        if (said.isEmpty()) {
            return List.of();
        }
        return bundles.stream()
                .filter(b -> b.said() != null && b.said().stream().map(SaidWords::normalized)
                        .anyMatch(w -> !w.isEmpty() && said.contains(w)))
                .toList();
    }

    /** The form both sides are compared in. */
    static String normalized(String s) {
        if (s == null) {
            return "";
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(n.length());
        n.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return;
            }
            // katakana ァ..ヶ → hiragana ぁ..ゖ (same offset); ー and the rest stay
            out.appendCodePoint(c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c);
        });
        return out.toString();
    }

    /** What is wrong with a bundle's {@code said} list (empty when nothing). */
    static List<String> problems(List<String> said) {
        if (said == null || said.isEmpty()) {
            return List.of("said: list the words people use for this life event (「生まれ」, \"born\" …)");
        }
        java.util.ArrayList<String> p = new java.util.ArrayList<>();
        for (int i = 0; i < said.size(); i++) {
            String w = normalized(said.get(i));
            if (w.isEmpty() || w.length() > MAX_WORD) {
                p.add("said[" + i + "]: 1 to " + MAX_WORD + " characters");
            }
        }
        return p;
    }
}
