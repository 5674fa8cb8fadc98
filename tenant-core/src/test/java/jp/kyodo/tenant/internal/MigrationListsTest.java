package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
