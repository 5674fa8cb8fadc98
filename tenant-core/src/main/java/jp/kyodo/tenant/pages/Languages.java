package jp.kyodo.tenant.pages;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The six languages of Kyodo's pages, by their one tag each: {@code ja} (Japanese, the default), {@code ja-easy}
 * (やさしい日本語 — the only tag for it, in settings, knowledge entries and {@code ?lang=}), {@code en}, {@code zh}
 * (简体中文), {@code ko} and {@code vi}. Easy Japanese is Japanese to a screen reader, so its HTML {@code lang} is
 * {@code ja}; Chinese is marked {@code zh-Hans} (simplified script).
 */
public final class Languages {

    public static final String JAPANESE = "ja";
    public static final String EASY_JAPANESE = "ja-easy";
    public static final String ENGLISH = "en";
    /** In the switcher's order: Japanese first, easy Japanese next to it. */
    public static final List<String> TAGS = List.of(JAPANESE, EASY_JAPANESE, ENGLISH, "zh", "ko", "vi");

    /** Each language's name in itself (a switcher shows every name in its own language and marks it so). */
    private static final Map<String, String> NATIVE = Map.of(JAPANESE, "日本語", EASY_JAPANESE, "やさしい にほんご",
            ENGLISH, "English", "zh", "简体中文", "ko", "한국어", "vi", "Tiếng Việt");

    private Languages() {
    }

    /** The tag for a value from a URL, cookie or profile ({@code JA}, {@code " en "}), or null when not one of the six. */
    public static String supported(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return TAGS.contains(v) ? v : null;
    }

    /** The value of an HTML {@code lang} attribute for a tag. */
    public static String htmlLang(String tag) {
        return switch (tag) {
            case EASY_JAPANESE -> "ja";
            case "zh" -> "zh-Hans";
            default -> tag;
        };
    }

    public static String nativeName(String tag) {
        return NATIVE.getOrDefault(tag, tag);
    }
}
