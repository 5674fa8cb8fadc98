package jp.kyodo.tenant.internal;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Applies the schema migrations at start, as the owner role (the application's own role owns
 * nothing). Each module lists its migration files in {@code META-INF/kyodo/migrations.list};
 * version ranges: tenant-core 1–99, portal 100–199, crm 200–299, agents 300–399, integration 400–499.
 */
@ApplicationScoped
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());
    static final String INDEX = "META-INF/kyodo/migrations.list";

    @Inject
    @ConfigProperty(name = "kyodo.db.host", defaultValue = "localhost")
    String host;
    @Inject
    @ConfigProperty(name = "kyodo.db.port", defaultValue = "55432")
    int port;
    @Inject
    @ConfigProperty(name = "kyodo.db.name", defaultValue = "kyodo")
    String database;
    @Inject
    @ConfigProperty(name = "kyodo.db.owner.user", defaultValue = "kyodo_owner")
    String owner;
    @Inject
    @ConfigProperty(name = "kyodo.db.owner.password", defaultValue = "kyodo_owner_dev")
    String ownerPassword;
    @Inject
    @ConfigProperty(name = "kyodo.db.app.user", defaultValue = "kyodo_app")
    String appRole;

    void onStart(@Observes @Priority(1) Startup startup) {
        migrate();
    }

    public void migrate() {
        ClassLoader loader = DatabaseMigrator.class.getClassLoader();
        List<LoadableResource> scripts = listScripts(loader);
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        var result = Flyway.configure(loader)
                .dataSource(url, owner, ownerPassword)
                .resourceProvider(new ListedResources(scripts))
                .javaMigrationClassProvider(List::of)
                .callbackLocations(new String[0])
                .placeholders(Map.of("app_role", appRole))
                .cleanDisabled(true)
                // each module numbers its own range (tenant-core 1–99, agents 300–399 …), so a new
                // tenant-core script arrives after agents' V300 was applied: apply it rather than refuse
                .outOfOrder(true)
                .load()
                .migrate();
        LOG.info("[kyodo] database at schema version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations applied now, " + scripts.size() + " known)");
    }

    static List<LoadableResource> listScripts(ClassLoader loader) {
        List<LoadableResource> out = new ArrayList<>();
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        line = line.strip();
                        if (!line.isEmpty() && !line.startsWith("#")) {
                            out.add(new ClasspathScript(loader, line));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Flyway resources from the listed files: no classpath scanning, which Liberty's archive URLs defeat. */
    record ListedResources(List<LoadableResource> scripts) implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            return scripts.stream().filter(s -> s.getRelativePath().equals(name)).findFirst().orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            for (LoadableResource s : scripts) {
                if (s.getFilename().startsWith(prefix) && List.of(suffixes).stream().anyMatch(s.getFilename()::endsWith)) {
                    found.add(s);
                }
            }
            return found;
        }
    }

    static final class ClasspathScript extends LoadableResource {
        private final ClassLoader loader;
        private final String path;

        ClasspathScript(ClassLoader loader, String path) {
            this.loader = loader;
            this.path = path;
        }

        @Override
        public Reader read() {
            var in = loader.getResourceAsStream(path);
            if (in == null) {
                throw new IllegalStateException("migration listed but missing: " + path);
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public String getRelativePath() {
            return path;
        }
    }
}
