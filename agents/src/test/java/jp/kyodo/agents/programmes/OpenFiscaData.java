package jp.kyodo.agents.programmes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates the OpenFisca-Japan test data (AGPL, read at test time only, never copied into the repository):
 * {@code shared/data/openfisca-japan} next to the repository root.
 */
final class OpenFiscaData {

    static final String RELATIVE = "shared/data/openfisca-japan";

    private OpenFiscaData() { }

    static Optional<Path> locate() {
        String explicit = System.getenv("OPENFISCA_JAPAN_DIR");
        if (explicit != null && Files.isDirectory(Paths.get(explicit))) {
            return Optional.of(Paths.get(explicit));
        }
        for (String start : new String[] {System.getProperty("maven.multiModuleProjectDirectory"), System.getProperty("user.dir")}) {
            if (start == null) {
                continue;
            }
            for (Path dir = Paths.get(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(RELATIVE);
                if (Files.isDirectory(candidate.resolve("tests"))) {
                    return Optional.of(candidate);
                }
                Path sibling = dir.resolveSibling(RELATIVE);
                if (dir.getParent() != null && Files.isDirectory(sibling.resolve("tests"))) {
                    return Optional.of(sibling);
                }
            }
        }
        return Optional.empty();
    }
}
