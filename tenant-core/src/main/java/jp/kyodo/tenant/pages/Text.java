package jp.kyodo.tenant.pages;

import gg.jte.Content;
import gg.jte.support.LocalizationSupport;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's messages in one language, for templates: {@code ${t.t("home.title")}} or with values
 * {@code ${t.t("home.intro", city.name())}}. Messages are the project's own text and may hold a little markup
 * ({@code <ruby>} furigana in やさしい日本語, {@code <strong>}); the values put into them are always escaped.
 * A key missing in this language falls back to Japanese ({@link MessagesCheck} makes sure none is missing).
 */
public final class Text implements LocalizationSupport {

    private static final Pattern TAG = Pattern.compile("<rt>[^<]*</rt>|<rp>[^<]*</rp>|<[^>]+>");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private final String tag;
    private final Map<String, String> own;
    private final Map<String, String> japanese;

    Text(String tag, Map<String, String> own, Map<String, String> japanese) {
        this.tag = tag;
        this.own = own;
        this.japanese = japanese;
    }

    /** The language's tag ({@link Languages}). */
    public String tag() {
        return tag;
    }

    /** The language's HTML {@code lang} value. */
    public String htmlLang() {
        return Languages.htmlLang(tag);
    }

    @Override
    public String lookup(String key) {
        String m = own.get(key);
        if (m == null) {
            m = japanese.get(key);
        }
        return m == null ? "[" + key + "]" : m;
    }

    /** The message (its markup kept, values escaped). */
    public Content t(String key) {
        return localize(key);
    }

    public Content t(String key, Object... values) {
        return localize(key, values);
    }

    /**
     * The message as plain text, furigana and markup removed and values put in as they are: for a {@code <title>},
     * an attribute or a redirect, where the template escapes it.
     */
    public String plain(String key, Object... values) {
        String m = TAG.matcher(lookup(key)).replaceAll("");
        Matcher p = PLACEHOLDER.matcher(m);
        StringBuilder b = new StringBuilder();
        while (p.find()) {
            int i = Integer.parseInt(p.group(1));
            p.appendReplacement(b, Matcher.quoteReplacement(i < values.length ? String.valueOf(values[i]) : ""));
        }
        p.appendTail(b);
        return b.toString().replace("&amp;", "&");
    }
}
