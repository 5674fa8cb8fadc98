package jp.kyodo.tenant.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The consistency of a module's bundle, for its unit test: every language has exactly Japanese's keys, every
 * message has Japanese's placeholders ({@code {0}}, {@code {1}} …), markup is limited to a few inline elements, no
 * message is empty, every key is used by a template or a class of the module (a key is used when it appears as a
 * string literal {@code "key"} in {@code src/main/jte} or {@code src/main/java}), and the other way round: every key a
 * template or class of the module asks its messages for by name ({@code t.t("key" …)}, {@code t.plain("key" …)},
 * {@code t.lookup("key")}, outside comments) is in the bundle — otherwise the page would show the key's placeholder
 * instead of words. Keys composed at run time ({@code "status." + s}) cannot be seen here; the render tests cover them.
 */
public final class MessagesCheck {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final Pattern MARKUP = Pattern.compile("</?([a-zA-Z0-9]+)[^>]*>");
    private static final Set<String> ALLOWED_MARKUP = Set.of("ruby", "rt", "rp", "strong", "br", "span", "bdi");
    /** A message asked for by its literal key through a {@link Text} named {@code t} (templates and classes). */
    private static final Pattern ASKED_KEY = Pattern.compile("\\bt\\.(?:t|plain|lookup)\\(\"([^\"\\n]+)\"");
    /** Javadoc and jte comments: examples there are not uses. */
    private static final Pattern COMMENT = Pattern.compile("/\\*\\*.*?\\*/|<%--.*?--%>", Pattern.DOTALL);

    private MessagesCheck() {
    }

    /** The problems found, one readable line each; empty when the bundle is consistent. */
    public static List<String> problems(Messages bundle, Path moduleDir) {
        return problems(bundle, moduleDir, true);
    }

    /**
     * The problems found; {@code askedThroughT} false for a module's second bundle whose keys are not asked through a
     * {@code t.t(…)} / {@code t.plain(…)} (those belong to the module's page bundle): its caller checks its own look-ups.
     */
    public static List<String> problems(Messages bundle, Path moduleDir, boolean askedThroughT) {
        List<String> out = new ArrayList<>();
        Map<String, String> ja = bundle.raw(Languages.JAPANESE);
        if (ja.isEmpty()) {
            out.add(bundle.base() + ": no Japanese messages");
        }
        for (String tag : Languages.TAGS) {
            Map<String, String> m = bundle.raw(tag);
            for (String k : new TreeSet<>(ja.keySet())) {
                if (!m.containsKey(k)) {
                    out.add(tag + ": missing key " + k);
                } else if (!placeholders(m.get(k)).equals(placeholders(ja.get(k)))) {
                    out.add(tag + ": " + k + " has placeholders " + placeholders(m.get(k)) + ", Japanese has "
                            + placeholders(ja.get(k)));
                }
            }
            for (String k : new TreeSet<>(m.keySet())) {
                if (!ja.containsKey(k)) {
                    out.add(tag + ": key " + k + " is not in Japanese");
                }
                if (m.get(k).isBlank()) {
                    out.add(tag + ": " + k + " is empty");
                }
                Matcher t = MARKUP.matcher(m.get(k));
                while (t.find()) {
                    if (!ALLOWED_MARKUP.contains(t.group(1).toLowerCase(java.util.Locale.ROOT))) {
                        out.add(tag + ": " + k + " uses <" + t.group(1) + "> (only " + new TreeSet<>(ALLOWED_MARKUP) + ")");
                    }
                }
            }
        }
        String sources = sources(moduleDir);
        for (String k : new TreeSet<>(ja.keySet())) {
            if (!sources.contains("\"" + k + "\"")) {
                out.add("unused key " + k + " (not in any template or class of " + moduleDir.getFileName() + ")");
            }
        }
        Set<String> asked = new TreeSet<>();
        Matcher a = ASKED_KEY.matcher(askedThroughT ? COMMENT.matcher(sources).replaceAll(" ") : "");
        while (a.find()) {
            asked.add(a.group(1));
        }
        for (String k : asked) {
            if (!ja.containsKey(k)) {
                out.add("missing key " + k + ": used in a template or class of " + moduleDir.getFileName()
                        + " but in no language of " + bundle.base());
            }
        }
        return out;
    }

    static Set<String> placeholders(String message) {
        Set<String> s = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(message);
        while (m.find()) {
            s.add(m.group());
        }
        return s;
    }

    private static String sources(Path moduleDir) {
        StringBuilder b = new StringBuilder();
        for (String dir : List.of("src/main/jte", "src/main/java")) {
            Path root = moduleDir.resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jte") || p.toString().endsWith(".java")).toList()) {
                    b.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }
}
