package jp.kyodo.agents.retrieval;

import java.util.Locale;

/**
 * Script-based language guess for a citizen's question: ja, en, zh, ko or vi. Kana means Japanese; Hangul Korean;
 * Vietnamese diacritics Vietnamese; Han without kana Chinese (simplified-only characters make it certain); Latin
 * otherwise English. Good enough to choose the reply language and the hand-over message, not a general detector.
 */
public final class LanguageDetector {
    private static final String VI_MARKS = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";
    /** Frequent simplified-only characters (absent from Japanese text). */
    private static final String SIMPLIFIED = "们这么吗吧呢说话办证门问题时间长该让钱为怎样请谢帮买卖发现还对车东图书馆护我你哪给从扔垃圾";

    private LanguageDetector() {
    }

    public static String detect(String text) {
        if (text == null || text.isBlank()) {
            return "ja";
        }
        int kana = 0, han = 0, hangul = 0, latin = 0, vi = 0, simplified = 0;
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c >= '\u3040' && c <= '\u30ff' || c >= '\uff66' && c <= '\uff9f') {
                kana++;
            } else if (c >= '\u4e00' && c <= '\u9fff') {
                han++;
                if (SIMPLIFIED.indexOf(c) >= 0) {
                    simplified++;
                }
            } else if (c >= '\uac00' && c <= '\ud7af' || c >= '\u1100' && c <= '\u11ff') {
                hangul++;
            } else if (VI_MARKS.indexOf(c) >= 0) {
                vi++;
            } else if (c >= 'a' && c <= 'z') {
                latin++;
            }
        }
        if (hangul > 0 && hangul >= kana) {
            return "ko";
        }
        if (kana > 0 && kana * 4 >= han / 2 && simplified == 0) {
            return "ja";
        }
        if (han > 0 && simplified > 0) {
            return "zh";
        }
        if (kana > 0) {
            return "ja";
        }
        if (vi > 0) {
            return "vi";
        }
        return latin > 0 ? "en" : "ja";
    }
}
