package jp.kyodo.tenant.problem;

/**
 * One notion of "blank" for every input: a text is blank when it has no character a person can see. Besides ASCII
 * spaces that is any Unicode white space (the ideographic space U+3000 the Japanese IME types, no-break spaces),
 * invisible format characters (zero-width space, byte-order mark, left-to-right and right-to-left marks) and control
 * characters. Bean Validation's {@code @NotBlank} trims ASCII only; {@link Checks#valid} applies this notion to every
 * {@code @NotBlank} text as well, so 「　　」 is refused as empty everywhere instead of reaching the database.
 */
public final class Text {

    private Text() {
    }

    /** True for null, empty, or only white space, invisible format and control characters. */
    public static boolean isBlank(CharSequence s) {
        if (s == null) {
            return true;
        }
        return s.codePoints().allMatch(Text::invisible);
    }

    /** The text without leading and trailing blank characters (in the sense of {@link #isBlank}); null stays null. */
    public static String strip(String s) {
        if (s == null) {
            return null;
        }
        int start = 0;
        int end = s.length();
        while (start < end && invisible(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && invisible(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** True when the text holds a NUL, which PostgreSQL cannot store in text. */
    public static boolean hasNul(CharSequence s) {
        return s != null && s.chars().anyMatch(c -> c == 0);
    }

    static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT || type == Character.CONTROL;
    }
}
