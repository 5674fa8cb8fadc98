package jp.kyodo.devstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the development stack. Every value comes from a {@code KYODO_*} variable (the same names
 * Liberty's server.xml and the application read) with a default suitable for a developer machine.
 *
 * <p>{@link #fromEnvironment()} reads the process environment, where a JVM system property of the same
 * name ({@code -DKYODO_DB_PORT=...}) wins over the environment variable. {@link #from(Map)} is the pure
 * variant used by tests; {@link #with(String, String)} derives a copy with one value changed.
 */
public final class DevStackConfig {

    public static final String DATA_DIR = "KYODO_DATA_DIR";
    public static final String DB_HOST = "KYODO_DB_HOST";
    public static final String DB_PORT = "KYODO_DB_PORT";
    public static final String DB_NAME = "KYODO_DB_NAME";
    public static final String DB_OWNER_USER = "KYODO_DB_OWNER_USER";
    public static final String DB_OWNER_PASSWORD = "KYODO_DB_OWNER_PASSWORD";
    public static final String DB_APP_USER = "KYODO_DB_APP_USER";
    public static final String DB_APP_PASSWORD = "KYODO_DB_APP_PASSWORD";
    public static final String KEYCLOAK_URL = "KYODO_KEYCLOAK_URL";
    public static final String KEYCLOAK_REALM = "KYODO_KEYCLOAK_REALM";
    public static final String KEYCLOAK_MGMT_PORT = "KYODO_KEYCLOAK_MGMT_PORT";
    public static final String KEYCLOAK_ADMIN_PASSWORD = "KYODO_KEYCLOAK_ADMIN_PASSWORD";
    public static final String WEB_CLIENT_SECRET = "KYODO_WEB_CLIENT_SECRET";
    public static final String ADMIN_CLIENT_SECRET = "KYODO_ADMIN_CLIENT_SECRET";
    public static final String HTTP_PORT = "KYODO_HTTP_PORT";
    public static final String HTTPS_PORT = "KYODO_HTTPS_PORT";
    public static final String EXTERNAL_DB = "KYODO_EXTERNAL_DB";
    public static final String EXTERNAL_KEYCLOAK = "KYODO_EXTERNAL_KEYCLOAK";
    /** SMTP server the platform sends e-mail to; the devstack's sink listens there unless KYODO_EXTERNAL_SMTP=true. */
    public static final String SMTP_HOST = "KYODO_SMTP_HOST";
    public static final String SMTP_PORT = "KYODO_SMTP_PORT";
    public static final String EXTERNAL_SMTP = "KYODO_EXTERNAL_SMTP";

    /** Defaults of every variable except {@link #DATA_DIR}, whose default depends on the working directory. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(DB_HOST, "localhost");
        d.put(DB_PORT, "55432");
        d.put(DB_NAME, "kyodo");
        d.put(DB_OWNER_USER, "kyodo_owner");
        d.put(DB_OWNER_PASSWORD, "kyodo_owner_dev");
        d.put(DB_APP_USER, "kyodo_app");
        d.put(DB_APP_PASSWORD, "kyodo_app_dev");
        d.put(KEYCLOAK_URL, "http://localhost:8180");
        d.put(KEYCLOAK_REALM, "kyodo");
        d.put(KEYCLOAK_MGMT_PORT, "9100");
        d.put(KEYCLOAK_ADMIN_PASSWORD, "admin-dev");
        d.put(WEB_CLIENT_SECRET, "kyodo-web-dev-secret");
        d.put(ADMIN_CLIENT_SECRET, "kyodo-admin-dev-secret");
        d.put(HTTP_PORT, "9080");
        d.put(HTTPS_PORT, "9443");
        d.put(EXTERNAL_DB, "false");
        d.put(EXTERNAL_KEYCLOAK, "false");
        d.put(SMTP_HOST, "localhost");
        d.put(SMTP_PORT, "2525");
        d.put(EXTERNAL_SMTP, "false");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** All variable names this class knows, in a stable order. */
    public static final List<String> NAMES = List.of(DATA_DIR, DB_HOST, DB_PORT, DB_NAME, DB_OWNER_USER,
            DB_OWNER_PASSWORD, DB_APP_USER, DB_APP_PASSWORD, KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_MGMT_PORT,
            KEYCLOAK_ADMIN_PASSWORD, WEB_CLIENT_SECRET, ADMIN_CLIENT_SECRET, HTTP_PORT, HTTPS_PORT, EXTERNAL_DB,
            EXTERNAL_KEYCLOAK, SMTP_HOST, SMTP_PORT, EXTERNAL_SMTP);

    /** User name of Keycloak's bootstrap administrator in the master realm. */
    public static final String KEYCLOAK_ADMIN_USER = "admin";
    /** Role and database that Keycloak uses inside the embedded PostgreSQL. */
    public static final String KEYCLOAK_DB_NAME = "keycloak";
    public static final String KEYCLOAK_DB_USER = "keycloak";
    public static final String KEYCLOAK_DB_PASSWORD = "keycloak_dev";

    private final Map<String, String> values;

    private final Path dataDir;
    private final String dbHost;
    private final int dbPort;
    private final String dbName;
    private final String dbOwnerUser;
    private final String dbOwnerPassword;
    private final String dbAppUser;
    private final String dbAppPassword;
    private final URI keycloakUrl;
    private final String keycloakRealm;
    private final int keycloakMgmtPort;
    private final String keycloakAdminPassword;
    private final String webClientSecret;
    private final String adminClientSecret;
    private final int httpPort;
    private final int httpsPort;
    private final boolean externalDb;
    private final boolean externalKeycloak;
    private final int smtpPort;
    private final boolean externalSmtp;

    private DevStackConfig(Map<String, String> raw, Path defaultDataDir) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = raw.get(name);
            if (value != null) {
                value = value.trim();
            }
            if (value == null || value.isEmpty()) {
                value = name.equals(DATA_DIR) ? defaultDataDir.toString() : DEFAULTS.get(name);
            }
            v.put(name, value);
        }
        this.dataDir = Paths.get(v.get(DATA_DIR)).toAbsolutePath().normalize();
        v.put(DATA_DIR, dataDir.toString());
        this.values = Collections.unmodifiableMap(v);

        this.dbHost = v.get(DB_HOST);
        this.dbPort = port(DB_PORT, v.get(DB_PORT));
        this.dbName = identifier(DB_NAME, v.get(DB_NAME));
        this.dbOwnerUser = identifier(DB_OWNER_USER, v.get(DB_OWNER_USER));
        this.dbOwnerPassword = v.get(DB_OWNER_PASSWORD);
        this.dbAppUser = identifier(DB_APP_USER, v.get(DB_APP_USER));
        this.dbAppPassword = v.get(DB_APP_PASSWORD);
        this.keycloakUrl = httpUrl(KEYCLOAK_URL, v.get(KEYCLOAK_URL));
        this.keycloakRealm = v.get(KEYCLOAK_REALM);
        this.keycloakMgmtPort = port(KEYCLOAK_MGMT_PORT, v.get(KEYCLOAK_MGMT_PORT));
        this.keycloakAdminPassword = v.get(KEYCLOAK_ADMIN_PASSWORD);
        this.webClientSecret = v.get(WEB_CLIENT_SECRET);
        this.adminClientSecret = v.get(ADMIN_CLIENT_SECRET);
        this.httpPort = port(HTTP_PORT, v.get(HTTP_PORT));
        this.httpsPort = port(HTTPS_PORT, v.get(HTTPS_PORT));
        this.externalDb = bool(EXTERNAL_DB, v.get(EXTERNAL_DB));
        this.externalKeycloak = bool(EXTERNAL_KEYCLOAK, v.get(EXTERNAL_KEYCLOAK));
        this.smtpPort = port(SMTP_PORT, v.get(SMTP_PORT));
        this.externalSmtp = bool(EXTERNAL_SMTP, v.get(EXTERNAL_SMTP));

        if (dbOwnerUser.equals(dbAppUser)) {
            throw new IllegalArgumentException(DB_OWNER_USER + " and " + DB_APP_USER
                    + " must differ: the application role must not own the tables (row-level security)");
        }
        if (!keycloakRealm.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(KEYCLOAK_REALM + "='" + keycloakRealm + "' is not a valid realm name");
        }
    }

    /** Reads the process environment; a system property of the same name wins over the environment variable. */
    public static DevStackConfig fromEnvironment() {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = System.getProperty(name);
            if (value == null || value.isBlank()) {
                value = System.getenv(name);
            }
            if (value != null) {
                raw.put(name, value);
            }
        }
        return new DevStackConfig(raw, defaultDataDir(Paths.get("").toAbsolutePath()));
    }

    /** Pure variant: missing or blank entries take their defaults; the data directory defaults as for the run command. */
    public static DevStackConfig from(Map<String, String> values) {
        return new DevStackConfig(values, defaultDataDir(Paths.get("").toAbsolutePath()));
    }

    /** A copy with one variable changed (validated like the rest). */
    public DevStackConfig with(String name, String value) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown setting " + name + " (known: " + NAMES + ")");
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new DevStackConfig(copy, dataDir);
    }

    /** A copy with several variables changed. */
    public DevStackConfig with(Map<String, String> changes) {
        DevStackConfig c = this;
        for (Map.Entry<String, String> e : changes.entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    /**
     * Default data directory: {@code <repo>/.kyodo}, where the repository root is the nearest directory at or
     * above {@code start} that contains {@code deploy/devstack/pom.xml}; otherwise {@code <start>/.kyodo}.
     */
    static Path defaultDataDir(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy").resolve("devstack").resolve("pom.xml"))) {
                return p.resolve(".kyodo");
            }
        }
        return start.toAbsolutePath().normalize().resolve(".kyodo");
    }

    // ---- parsing helpers (package-private for tests) ----

    static int port(String name, String value) {
        int p;
        try {
            p = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a port number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(name + "=" + value + " is outside 1..65535");
        }
        return p;
    }

    static boolean bool(String name, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw new IllegalArgumentException(name + "='" + value + "' is not a boolean (true/false)");
        }
    }

    static String identifier(String name, String value) {
        if (!value.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(name + "='" + value
                    + "' must be a lower-case PostgreSQL identifier ([a-z_][a-z0-9_]*)");
        }
        return value;
    }

    static URI httpUrl(String name, String value) {
        String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a URL");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException(name + "='" + value + "' must be an http(s) URL with a host");
        }
        if (u.getPath() != null && !u.getPath().isEmpty() || u.getQuery() != null || u.getFragment() != null) {
            throw new IllegalArgumentException(name + "='" + value
                    + "' must not have a path (Keycloak is served at the root, e.g. http://localhost:8180)");
        }
        return u;
    }

    // ---- accessors ----

    /** Every variable with its effective value (defaults filled in), e.g. to pass to Liberty's environment. */
    public Map<String, String> asEnvironment() {
        return values;
    }

    public String get(String name) {
        return Objects.requireNonNull(values.get(name), () -> "unknown setting " + name);
    }

    public Path dataDir() { return dataDir; }
    public Path logsDir() { return dataDir.resolve("logs"); }
    public String dbHost() { return dbHost; }
    public int dbPort() { return dbPort; }
    public String dbName() { return dbName; }
    public String dbOwnerUser() { return dbOwnerUser; }
    public String dbOwnerPassword() { return dbOwnerPassword; }
    public String dbAppUser() { return dbAppUser; }
    public String dbAppPassword() { return dbAppPassword; }
    public URI keycloakUrl() { return keycloakUrl; }
    public String keycloakRealm() { return keycloakRealm; }
    public int keycloakMgmtPort() { return keycloakMgmtPort; }
    public String keycloakAdminUser() { return KEYCLOAK_ADMIN_USER; }
    public String keycloakAdminPassword() { return keycloakAdminPassword; }
    public String webClientSecret() { return webClientSecret; }
    public String adminClientSecret() { return adminClientSecret; }
    public int httpPort() { return httpPort; }
    public int smtpPort() { return smtpPort; }
    public boolean externalSmtp() { return externalSmtp; }
    public int httpsPort() { return httpsPort; }
    public boolean externalDb() { return externalDb; }
    public boolean externalKeycloak() { return externalKeycloak; }

    /** Port Keycloak listens on (from {@link #keycloakUrl()}; 80/443 when the URL has none). */
    public int keycloakPort() {
        if (keycloakUrl.getPort() > 0) {
            return keycloakUrl.getPort();
        }
        return "https".equals(keycloakUrl.getScheme()) ? 443 : 80;
    }

    public String keycloakHost() { return keycloakUrl.getHost(); }

    /** e.g. {@code http://localhost:8180/realms/kyodo} — the token issuer. */
    public String issuerUrl() {
        return keycloakUrl + "/realms/" + keycloakRealm;
    }

    public String tokenEndpoint() {
        return issuerUrl() + "/protocol/openid-connect/token";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
    }

    /** JDBC URL of the application database ({@link #dbName()}). */
    public String jdbcUrl() {
        return jdbcUrl(dbName);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DevStackConfig{");
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            boolean secret = e.getKey().endsWith("PASSWORD") || e.getKey().endsWith("SECRET");
            sb.append(e.getKey()).append('=').append(secret ? "***" : e.getValue());
        }
        return sb.append('}').toString();
    }
}
