package jp.kyodo.tenant.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One module's message bundle: a UTF-8 properties file per language beside the module's pages,
 * {@code <base>_<tag>.properties} (e.g. {@code jp/kyodo/portal/pages/messages_ja-easy.properties}). Adding a language
 * is adding a file to each module and its tag to {@link Languages}; {@link MessagesCheck} fails the build when a key
 * is missing, unused or has other placeholders than in Japanese.
 */
public final class Messages {

    private static final Map<String, Messages> LOADED = new ConcurrentHashMap<>();

    private final String base;
    private final Map<String, Map<String, String>> byTag;
    private final Map<String, Text> texts = new ConcurrentHashMap<>();

    private Messages(String base, Map<String, Map<String, String>> byTag) {
        this.base = base;
        this.byTag = byTag;
    }

    /** The bundle at {@code base} (a resource path without {@code _<tag>.properties}) of the anchor's module. */
    public static Messages of(Class<?> anchor, String base) {
        return LOADED.computeIfAbsent(base, b -> load(anchor.getClassLoader(), b));
    }

    static Messages load(ClassLoader loader, String base) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String tag : Languages.TAGS) {
            String name = base + "_" + tag + ".properties";
            try (InputStream in = loader.getResourceAsStream(name)) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
                Map<String, String> m = new LinkedHashMap<>();
                p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
                all.put(tag, Collections.unmodifiableMap(m));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        return new Messages(base, all);
    }

    /** The messages in a language (one of {@link Languages#TAGS}; anything else gets Japanese). */
    public Text in(String tag) {
        Text known = tag == null ? null : texts.get(tag); // a tag as Languages spells it: no normalising per page
        if (known != null) {
            return known;
        }
        String t = Languages.supported(tag) == null ? Languages.JAPANESE : Languages.supported(tag);
        return texts.computeIfAbsent(t, x -> new Text(x, byTag.get(x), byTag.get(Languages.JAPANESE)));
    }

    /** The raw messages of one language (for {@link MessagesCheck}). */
    public Map<String, String> raw(String tag) {
        return byTag.getOrDefault(tag, Map.of());
    }

    public String base() {
        return base;
    }
}
