package jp.kyodo.keycloak;

/**
 * A full name as the My Number card gives it (one {@code name} claim, family name first: 「尼崎 太郎」, 「SMITH JOHN」)
 * split into 姓 (family) and 名 (given) at the first space, ASCII or ideographic (U+3000, what a Japanese IME types).
 * Without a space the name cannot be split safely: it all goes to 姓 and 名 stays empty, for the person to fill in.
 * (Keycloak's own fallback splits at the <em>last</em> space in Western order, so 「尼崎 太郎」 became 名 尼崎.)
 */
public record JapaneseName(String family, String given) {

    public static JapaneseName split(String fullName) {
        if (fullName == null) {
            return new JapaneseName("", "");
        }
        String s = fullName.strip();
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && !Character.isSpaceChar(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return new JapaneseName(s, "");
        }
        String rest = s.substring(i).strip();
        return new JapaneseName(s.substring(0, i), rest.replaceAll("[\\s\\u3000]+", " "));
    }
}
