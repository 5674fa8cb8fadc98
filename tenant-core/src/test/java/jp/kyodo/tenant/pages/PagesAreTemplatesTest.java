package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The static check of issue 11: no page class builds HTML from strings. A page class is a main class of any module
 * that answers HTML ({@code TEXT_HTML}, {@code text/html}) or calls the frame ({@code PageShell.}); it fails when it
 * holds a string literal with an HTML tag. The pages not yet moved to templates are listed below (and in
 * docs/pages.md as remaining work); the list may only shrink: a listed class that no longer builds HTML fails too,
 * so that it is taken off.
 */
class PagesAreTemplatesTest {

    /** Legacy page classes still building HTML in Java: none left (session 6); the list may only stay empty. */
    static final Set<String> NOT_YET_MIGRATED = Set.of();

    private static final Pattern ANSWERS_HTML = Pattern.compile("TEXT_HTML|text/html|PageShell\\.");
    /** A Java string literal (escapes included), so that a tag is looked for inside one literal, never across two. */
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern HTML_TAG = Pattern.compile("<(/?[a-zA-Z][a-zA-Z0-9]*|!DOCTYPE)[ >/\"\\\\]");

    @Test
    void noPageClassBuildsHtmlFromStrings() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Set<String> building = htmlBuildingPageClasses(root);
        Set<String> offending = new TreeSet<>(building);
        offending.removeAll(NOT_YET_MIGRATED);
        assertTrue(offending.isEmpty(), "page classes building HTML from strings (use a template, docs/pages.md): " + offending);
        Set<String> done = new TreeSet<>(NOT_YET_MIGRATED);
        done.removeAll(building);
        assertTrue(done.isEmpty(), "migrated to templates, take off NOT_YET_MIGRATED (and docs/pages.md): " + done);
    }

    @Test
    void theCheckSeesAPageBuildingHtml() {
        String page = "@Produces(MediaType.TEXT_HTML) class P { String get() { return \"<h1>\" + name + \"</h1>\"; } }";
        String api = "@Produces(MediaType.APPLICATION_JSON) class A { String d = \"a <b> in a comment\"; }";
        String template = "@Produces(MediaType.TEXT_HTML) class T { String get() { return TEMPLATES.render(\"x.jte\", m); } }";
        // a generic type between two literals is not a tag (the closing quote of one literal does not open another)
        String generic = "@Produces(MediaType.TEXT_HTML) class G { Response p(@PathParam(\"id\") String id, List<EntityPart> parts) {"
                + " return TEMPLATES.render(\"x.jte\", m); } }";
        String escaped = "@Produces(MediaType.TEXT_HTML) class E { String a = \"<a href=\\\"/x\\\">\"; }";
        assertTrue(buildsHtml(page) && buildsHtml(escaped));
        assertTrue(!buildsHtml(api) && !buildsHtml(template) && !buildsHtml(generic));
    }

    static boolean buildsHtml(String source) {
        return ANSWERS_HTML.matcher(source).find()
                && STRING_LITERAL.matcher(source).results().anyMatch(l -> HTML_TAG.matcher(l.group()).find());
    }

    static Set<String> htmlBuildingPageClasses(Path root) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').contains("src/main/java/"))
                    // the simulators stand in for other organisations' systems (JDK-only processes): not Kyodo's pages
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').startsWith("deploy/simulators/"))
                    .filter(p -> !p.toString().contains("/target/")).toList();
            for (Path f : sources) {
                if (buildsHtml(Files.readString(f, StandardCharsets.UTF_8))) {
                    out.add(root.relativize(f).toString().replace('\\', '/'));
                }
            }
        }
        return out;
    }
}
