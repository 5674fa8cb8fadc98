package jp.kyodo.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agents module is arranged by capability (docs/architecture.md, "The agents module"): each capability is a
 * package with a small public face and its implementation in {@code <capability>.internal}. This test reads the
 * sources of every module of the repository (Java and jte, main and test) and fails when
 * <ul>
 * <li>a file outside a capability names that capability's {@code internal} package (an import, a fully qualified
 * name, a jte {@code @import});</li>
 * <li>a file outside the agents module declares a package under {@code jp.kyodo.agents} (which would reach
 * package-private members from outside);</li>
 * <li>agents' production code has a package that is not one of the capabilities below, or a capability lacks its
 * one-line description ({@code package-info.java}).</li>
 * </ul>
 */
class CapabilitiesTest {

    /** The capabilities of the agents module, as docs/architecture.md lists them. */
    static final Set<String> CAPABILITIES = Set.of("knowledgebase", "retrieval", "concierge", "llm", "programmes",
            "lifeevents");

    private static final Pattern INTERNAL = Pattern.compile("\\bjp\\.kyodo\\.agents\\.([a-z0-9]+)\\.internal\\b");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

    private static Path repository() {
        Path agents = Path.of("").toAbsolutePath();
        Path root = agents.getParent();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("agents/src/main/java")),
                "run from the agents module inside the repository: " + agents);
        return root;
    }

    private static List<Path> sources(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                return Files.isRegularFile(p) && (rel.endsWith(".java") || rel.endsWith(".jte"))
                        && rel.contains("/src/") && !rel.contains("/target/") && !rel.startsWith(".")
                        && !rel.contains("/node_modules/");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package a source declares; jte templates and files without one belong to no capability. */
    static String packageOf(String source) {
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) : "";
    }

    /** The names of other capabilities' internal packages that {@code source}, declared in {@code pkg}, uses. */
    static Set<String> foreignInternals(String pkg, String source) {
        Set<String> out = new TreeSet<>();
        Matcher m = INTERNAL.matcher(source);
        while (m.find()) {
            String capability = "jp.kyodo.agents." + m.group(1);
            if (!(pkg.equals(capability) || pkg.startsWith(capability + "."))) {
                out.add(capability + ".internal");
            }
        }
        return out;
    }

    @Test
    void noFileOutsideACapabilityUsesItsInternalPackage() {
        Path root = repository();
        List<String> violations = new ArrayList<>();
        List<Path> files = sources(root);
        for (Path p : files) {
            String src = read(p);
            for (String used : foreignInternals(packageOf(src), src)) {
                violations.add(root.relativize(p) + " uses " + used);
            }
        }
        assertTrue(files.size() > 500, "the repository's sources were found: " + files.size());
        assertEquals(List.of(), violations, "use the capability's public types instead");
    }

    @Test
    void onlyTheAgentsModuleDeclaresAgentsPackages() {
        Path root = repository();
        List<String> violations = new ArrayList<>();
        for (Path p : sources(root)) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            String pkg = packageOf(read(p));
            if (!rel.startsWith("agents/") && (pkg.equals("jp.kyodo.agents") || pkg.startsWith("jp.kyodo.agents."))) {
                violations.add(rel + " declares " + pkg);
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void productionPackagesAreTheCapabilitiesAndTheirInternals() {
        Path main = repository().resolve("agents/src/main/java");
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> s = Files.walk(main)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> packages.add(packageOf(read(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> unknown = new ArrayList<>();
        for (String pkg : packages) {
            String rest = pkg.startsWith("jp.kyodo.agents.") ? pkg.substring("jp.kyodo.agents.".length()) : pkg;
            String capability = rest.endsWith(".internal") ? rest.substring(0, rest.length() - ".internal".length()) : rest;
            if (!CAPABILITIES.contains(capability)) {
                unknown.add(pkg);
            } else if (!Files.isRegularFile(main.resolve(pkg.replace('.', '/')).resolve("package-info.java"))) {
                unknown.add(pkg + " (no package-info.java)");
            }
        }
        assertEquals(List.of(), unknown, "a new capability is added to CAPABILITIES and to docs/architecture.md");
        for (String c : CAPABILITIES) {
            assertTrue(packages.contains("jp.kyodo.agents." + c), c);
        }
    }

    /** {@code jp.kyodo.agents.<capability>.internal}, written so that this file itself names no internal package. */
    private static String internal(String capability) {
        return "jp.kyodo.agents." + capability + ".inter" + "nal";
    }

    @Test
    void theRuleSeesImportsQualifiedNamesAndTemplates() {
        assertEquals(Set.of(internal("retrieval")), foreignInternals("jp.kyodo.crm.cases",
                "package jp.kyodo.crm.cases;\nimport " + internal("retrieval") + ".Fusion;\n"));
        assertEquals(Set.of(internal("llm")), foreignInternals("jp.kyodo.agents.concierge",
                "var r = new " + internal("llm") + ".LlmSettingsRow();"));
        assertEquals(Set.of(internal("knowledgebase")), foreignInternals(packageOf("@import x"),
                "@import " + internal("knowledgebase") + ".EntryRow\n"));
        assertEquals(Set.of(internal("concierge")), foreignInternals("jp.kyodo.agents.conciergex",
                "import " + internal("concierge") + ".Handover;"));
        assertEquals(Set.of(), foreignInternals(internal("retrieval"), "import " + internal("retrieval") + ".Fusion;"));
        assertEquals(Set.of(), foreignInternals("jp.kyodo.agents.retrieval",
                "import " + internal("retrieval") + ".Fusion; import jp.kyodo.agents.retrievalx.Y;"));
    }
}
