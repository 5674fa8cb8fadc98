package jp.kyodo.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The platform's PostgreSQL for development and tests: zonky's embedded PostgreSQL on {@code KYODO_DB_PORT}, data in
 * {@code <data>/postgres} (kept between runs), binaries unpacked into {@code <data>/pg-work} (or the directory named
 * by the system property {@code kyodo.postgres.work.dir}).
 *
 * <p>On every start it makes sure (idempotently) that these exist:
 * <ul>
 * <li>role {@code KYODO_DB_OWNER_USER} (LOGIN, password) owning database {@code KYODO_DB_NAME} — Flyway runs as it;</li>
 * <li>role {@code KYODO_DB_APP_USER} (LOGIN, password, NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE) with CONNECT on
 * that database and nothing else — the migrations grant it what it needs;</li>
 * <li>role {@code keycloak} (password {@code keycloak_dev}) owning database {@code keycloak}.</li>
 * </ul>
 * It creates no tables. Client authentication is scram-sha-256 for every role except the {@code postgres} superuser
 * (trusted on loopback only, used by this class).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final DevStackConfig config;
    private final EmbeddedPostgres postgres;
    private volatile boolean closed;

    private EmbeddedDatabase(DevStackConfig config, EmbeddedPostgres postgres) {
        this.config = config;
        this.postgres = postgres;
    }

    /** Starts PostgreSQL (initialising {@code <data>/postgres} on first use) and ensures roles and databases. */
    public static EmbeddedDatabase start(DevStackConfig config) {
        Path dataDir = config.dataDir();
        Path pgData = dataDir.resolve("postgres");
        String sharedWork = System.getProperty("kyodo.postgres.work.dir");
        // binaries are unpacked here; a test run may share one directory between data directories
        Path work = sharedWork != null && !sharedWork.isBlank() ? Paths.get(sharedWork).toAbsolutePath()
                : dataDir.resolve("pg-work");
        Path log = config.logsDir().resolve("postgres.log");
        Processes.requirePortFree(config.dbPort(), "PostgreSQL", DevStackConfig.DB_PORT);
        long t0 = System.nanoTime();
        boolean fresh = !Files.isRegularFile(pgData.resolve("PG_VERSION"));
        Log.info("PostgreSQL: " + (fresh ? "initialising" : "starting") + " " + pgData + " on port "
                + config.dbPort() + " (log: " + log + ")");
        EmbeddedPostgres pg;
        try {
            Files.createDirectories(work);
            Files.createDirectories(log.getParent());
            pg = EmbeddedPostgres.builder()
                    .setPort(config.dbPort())
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(work.toFile())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("log_timezone", "UTC")
                    .setServerConfig("listen_addresses", "localhost")
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DevStackException("PostgreSQL did not start on port " + config.dbPort() + ": " + e.getMessage()
                    + Processes.tailMessage(log), e);
        }
        EmbeddedDatabase db = new EmbeddedDatabase(config, pg);
        try {
            db.configureAuthentication(pgData);
            db.ensureRolesAndDatabases();
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw new DevStackException("PostgreSQL started but setting up roles failed: " + e.getMessage(), e);
        }
        Log.info(String.format(Locale.ROOT, "PostgreSQL ready on %s in %.1f s", config.jdbcUrl(),
                (System.nanoTime() - t0) / 1e9));
        return db;
    }

    /** Rewrites pg_hba.conf (password authentication for all roles but the loopback superuser) and reloads. */
    private void configureAuthentication(Path pgData) throws IOException, SQLException {
        String hba = "# Written by jp.kyodo.devstack.EmbeddedDatabase on every start; edits are overwritten.\n"
                + "# TYPE  DATABASE  USER      ADDRESS        METHOD\n"
                + "local   all       postgres                 trust\n"
                + "host    all       postgres  127.0.0.1/32   trust\n"
                + "host    all       postgres  ::1/128        trust\n"
                + "local   all       all                      scram-sha-256\n"
                + "host    all       all       127.0.0.1/32   scram-sha-256\n"
                + "host    all       all       ::1/128        scram-sha-256\n";
        Path file = pgData.resolve("pg_hba.conf");
        String current = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!hba.equals(current)) {
            Files.writeString(file, hba, StandardCharsets.UTF_8);
            try (Connection c = superuserConnection("postgres"); Statement st = c.createStatement()) {
                st.execute("SELECT pg_reload_conf()");
            }
        }
    }

    private void ensureRolesAndDatabases() throws SQLException {
        try (Connection c = superuserConnection("postgres"); Statement st = c.createStatement()) {
            ensureRole(c, config.dbOwnerUser(), config.dbOwnerPassword(),
                    "NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB");
            ensureRole(c, config.dbAppUser(), config.dbAppPassword(),
                    "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION");
            ensureRole(c, DevStackConfig.KEYCLOAK_DB_USER, DevStackConfig.KEYCLOAK_DB_PASSWORD,
                    "NOSUPERUSER NOCREATEDB NOCREATEROLE");
            ensureDatabase(c, config.dbName(), config.dbOwnerUser());
            ensureDatabase(c, DevStackConfig.KEYCLOAK_DB_NAME, DevStackConfig.KEYCLOAK_DB_USER);
            st.execute("REVOKE ALL ON DATABASE " + ident(config.dbName()) + " FROM PUBLIC");
            st.execute("GRANT CONNECT ON DATABASE " + ident(config.dbName()) + " TO " + ident(config.dbAppUser()));
            st.execute("REVOKE ALL ON DATABASE " + ident(DevStackConfig.KEYCLOAK_DB_NAME) + " FROM PUBLIC");
        }
    }

    private static void ensureRole(Connection c, String role, String password, String attributes) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + ident(role) + " WITH LOGIN " + attributes
                    + " PASSWORD " + literal(password));
        }
    }

    private static void ensureDatabase(Connection c, String database, String owner) throws SQLException {
        String currentOwner = null;
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
                if (exists) {
                    currentOwner = rs.getString(1);
                }
            }
        }
        try (Statement st = c.createStatement()) {
            if (!exists) {
                st.execute("CREATE DATABASE " + ident(database) + " OWNER " + ident(owner)
                        + " ENCODING 'UTF8' TEMPLATE template0");
            } else if (!owner.equals(currentOwner)) {
                st.execute("ALTER DATABASE " + ident(database) + " OWNER TO " + ident(owner));
            }
        }
    }

    /**
     * Creates a new, empty database for one test run, owned by the owner role, CONNECT granted to the app role.
     * Returns its name ({@code <prefix>_<random>}); drop it with {@link #dropDatabase(String)}.
     */
    public String createTestDatabase(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = (p.isEmpty() ? "test" : p) + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DevStackConfig.identifier("database name", name);
        try (Connection c = superuserConnection("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + ident(name) + " OWNER " + ident(config.dbOwnerUser())
                    + " ENCODING 'UTF8' TEMPLATE template0");
            st.execute("REVOKE ALL ON DATABASE " + ident(name) + " FROM PUBLIC");
            st.execute("GRANT CONNECT ON DATABASE " + ident(name) + " TO " + ident(config.dbAppUser()));
        } catch (SQLException e) {
            throw new DevStackException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Drops a database made by {@link #createTestDatabase(String)}, disconnecting its sessions. */
    public void dropDatabase(String name) {
        DevStackConfig.identifier("database name", name);
        if (name.equals(config.dbName()) || name.equals(DevStackConfig.KEYCLOAK_DB_NAME) || name.equals("postgres")) {
            throw new IllegalArgumentException("refusing to drop " + name);
        }
        try (Connection c = superuserConnection("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + ident(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new DevStackException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** A superuser connection (role {@code postgres}) to {@code database}; for setup and test assertions only. */
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(database) + "?user=" + SUPERUSER);
    }

    /** JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return config.jdbcUrl(database);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            postgres.close();
            Log.info(String.format(Locale.ROOT, "PostgreSQL stopped (%.1f s)", (System.nanoTime() - t0) / 1e9));
        } catch (IOException | RuntimeException e) {
            Log.warn("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
