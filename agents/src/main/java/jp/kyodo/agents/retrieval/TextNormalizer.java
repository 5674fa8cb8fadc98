package jp.kyodo.agents.retrieval;

import java.text.Normalizer;
import java.util.Locale;

/** Width, case and kana folding shared by every signal. */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    /** NFKC (full-width ASCII → half-width, half-width kana → full-width), lower case, unified dashes/waves. */
    public static String normalize(String s) {
        if (s == null) {
            return "";
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            switch (c) {
                case '〜', '～', '−', '‐', '—', '–' -> b.append('-');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Hiragana → katakana (ゔ and the small forms included); other characters unchanged. */
    public static String toKatakana(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u3041' && c <= '\u3096') {
                b.append((char) (c + 0x60));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Fold for surface bigrams: normalised, katakana, without the long-vowel mark's variants. */
    public static String foldForBigrams(String s) {
        return toKatakana(normalize(s));
    }
}
