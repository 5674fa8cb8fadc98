package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Flyway applies only the scripts a module lists in {@code META-INF/kyodo/migrations.list} ({@link DatabaseMigrator}):
 * a script added without its line is silently never run (twice in one wave: a column missing at run time). Every
 * module's {@code db/migration/*.sql} must be listed, and every listed script must exist.
 */
class MigrationListsTest {

    @Test
    void everyMigrationScriptIsListedAndEveryListedScriptExists() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        int modules = 0;
        try (Stream<Path> lists = Files.find(root, 8, (p, a) -> p.endsWith(Path.of("META-INF", "kyodo", "migrations.list"))
                && p.toString().contains("/src/main/resources/"))) {
            for (Path list : lists.toList()) {
                modules++;
                Path resources = list.getParent().getParent().getParent();
                List<String> listed = Files.readAllLines(list).stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                Path scripts = resources.resolve("db/migration");
                if (Files.isDirectory(scripts)) {
                    try (Stream<Path> sql = Files.list(scripts)) {
                        sql.filter(p -> p.toString().endsWith(".sql"))
                                .map(p -> "db/migration/" + p.getFileName())
                                .filter(s -> !listed.contains(s))
                                .forEach(s -> problems.add(root.relativize(list) + " lacks " + s));
                    }
                }
                listed.stream().filter(s -> !Files.exists(resources.resolve(s)))
                        .forEach(s -> problems.add(root.relativize(list) + " lists a missing " + s));
            }
        }
        assertTrue(modules >= 3, "found the modules' migration lists under " + root);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final Pattern CREATE = Pattern.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z0-9_]+)");
    private static final Pattern ALTER = Pattern.compile("(?i)\\balter\\s+table\\s+(?:only\\s+)?(?:if\\s+exists\\s+)?([a-z0-9_]+)");

    /**
     * Flyway runs every module's scripts together in version order, not in the order of a module's list: a script
     * that alters a table must have a higher version than the script that creates it, wherever each lives (session
     * 16: tenant-core V26 altered V30's table and every start on a fresh database failed).
     */
    @Test
    void everyTableIsAlteredOnlyByAScriptOfAHigherVersionThanTheOneThatCreatesIt() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Map<Integer, Path> scripts = new TreeMap<>();
        try (Stream<Path> sql = Files.find(root, 10, (p, a) -> p.toString().contains("/src/main/resources/db/")
                && VERSION.matcher(p.getFileName().toString()).matches())) {
            for (Path p : sql.toList()) {
                Matcher v = VERSION.matcher(p.getFileName().toString());
                v.matches();
                Path clash = scripts.put(Integer.parseInt(v.group(1)), p);
                assertTrue(clash == null, "two scripts of version " + v.group(1) + ": " + p + " and " + clash);
            }
        }
        Map<String, Integer> createdAt = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int alters = 0;
        for (var e : scripts.entrySet()) {
            String text = Files.readString(e.getValue()).replaceAll("--[^\\n]*", "");
            Matcher alter = ALTER.matcher(text);
            while (alter.find()) {
                alters++;
                String table = alter.group(1).toLowerCase();
                Integer created = createdAt.get(table);
                if (created == null && CREATE.matcher(text).results().noneMatch(c -> c.group(1).equalsIgnoreCase(table))) {
                    problems.add("V" + e.getKey() + " (" + root.relativize(e.getValue()) + ") alters " + table
                            + " before any script creates it");
                }
            }
            CREATE.matcher(text).results().forEach(c -> createdAt.putIfAbsent(c.group(1).toLowerCase(), e.getKey()));
        }
        assertTrue(scripts.size() >= 30 && alters >= 20, "read the scripts: " + scripts.size() + " scripts, " + alters
                + " alters");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
