package jp.kyodo.tenant.pages;

import gg.jte.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's messages in one language, for templates: {@code ${t.t("home.title")}} or with values
 * {@code ${t.t("home.intro", city.name())}}. Messages are the project's own text and may hold a little markup
 * ({@code <ruby>} furigana in やさしい日本語, {@code <strong>}); the values put into them are always escaped by the
 * template's output (a value that is already {@link Content}, e.g. {@code Ui.japanese(name)}, is written as it is).
 * A key missing in this language falls back to Japanese ({@link MessagesCheck} makes sure none is missing).
 * Each message is parsed once and kept: rendering a message is writing its parts.
 */
public final class Text {

    private static final Pattern TAG = Pattern.compile("<rt>[^<]*</rt>|<rp>[^<]*</rp>|<[^>]+>");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private final String tag;
    private final Map<String, String> own;
    private final Map<String, String> japanese;
    private final Map<String, Content> whole = new ConcurrentHashMap<>();
    private final Map<String, Object[]> parsed = new ConcurrentHashMap<>();
    private final Map<String, Object[]> parsedPlain = new ConcurrentHashMap<>();

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

    /** The raw message: this language's, else Japanese's, else {@code [key]}. */
    public String lookup(String key) {
        String m = own.get(key);
        if (m == null) {
            m = japanese.get(key);
        }
        return m == null ? "[" + key + "]" : m;
    }

    /** The message (its markup kept). */
    public Content t(String key) {
        Content c = whole.get(key); // a plain read first: computeIfAbsent may lock the map's bin on every call
        if (c != null) {
            return c;
        }
        return whole.computeIfAbsent(key, k -> {
            String m = lookup(k);
            return out -> out.writeContent(m);
        });
    }

    /** The message with its values put in, each escaped for HTML text (a {@link Content} value as it is). */
    public Content t(String key, Object... values) {
        Object[] found = parsed.get(key);
        Object[] parts = found != null ? found : parsed.computeIfAbsent(key, k -> parse(lookup(k)));
        return out -> {
            for (Object p : parts) {
                if (p instanceof String s) {
                    out.writeContent(s);
                } else {
                    int i = (Integer) p;
                    Object v = i < values.length ? values[i] : null;
                    if (v instanceof Content c) {
                        out.writeUserContent(c);
                    } else {
                        out.writeUserContent(v == null ? "" : String.valueOf(v));
                    }
                }
            }
        };
    }

    /**
     * The message as plain text, furigana and markup removed and values put in as they are: for a {@code <title>},
     * an attribute or a redirect, where the template escapes it.
     */
    public String plain(String key, Object... values) {
        Object[] found = parsedPlain.get(key);
        Object[] parts = found != null ? found
                : parsedPlain.computeIfAbsent(key, k -> parse(TAG.matcher(lookup(k)).replaceAll("").replace("&amp;", "&")));
        if (parts.length == 1 && parts[0] instanceof String s) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                b.append(s);
            } else {
                int i = (Integer) p;
                b.append(i < values.length ? String.valueOf(values[i]) : "");
            }
        }
        return b.toString();
    }

    /** Literal parts (String) and placeholder numbers (Integer), in order. */
    private static Object[] parse(String message) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(message);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(message.substring(at, m.start()));
            }
            parts.add(Integer.parseInt(m.group(1)));
            at = m.end();
        }
        if (at < message.length() || parts.isEmpty()) {
            parts.add(message.substring(at));
        }
        return parts.toArray();
    }
}
