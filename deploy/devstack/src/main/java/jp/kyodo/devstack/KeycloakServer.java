package jp.kyodo.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak as a child process, for development and tests.
 *
 * <p>The distribution ({@code org.keycloak:keycloak-quarkus-dist} zip, copied by Maven into
 * {@code deploy/devstack/target/keycloak-dist}) is unpacked once into {@code <data>/keycloak-<version>} and reused, so
 * it survives {@code mvn clean}. Keycloak keeps its data in the database {@code keycloak} of the platform's PostgreSQL.
 * It runs in production mode ({@code kc.sh build} once, then {@code kc.sh start --optimized}) with plain http on the
 * port of {@code KYODO_KEYCLOAK_URL}, {@code --hostname} pinned to that URL (one issuer for everybody), the management
 * interface (health) on {@code KYODO_KEYCLOAK_MGMT_PORT}, and {@code --import-realm} with
 * {@code deploy/keycloak/kyodo-realm.json} (imported only while the realm does not exist yet). Output goes to
 * {@code <data>/logs/keycloak.log}.
 */
public final class KeycloakServer implements AutoCloseable {

    /**
     * How long to wait for a start (Keycloak's discovery document; DevStack uses it for Liberty too): a first start
     * creates Keycloak's schema, which took over three minutes on a loaded two-core machine. 600 s, or
     * {@code KYODO_START_TIMEOUT_SECONDS}.
     */
    static final Duration START_TIMEOUT = startTimeout();

    static Duration startTimeout() {
        String v = System.getenv("KYODO_START_TIMEOUT_SECONDS");
        return Duration.ofSeconds(v == null || !v.strip().matches("[0-9]{1,5}") ? 600 : Math.max(30, Long.parseLong(v.strip())));
    }
    static final Duration BUILD_TIMEOUT = Duration.ofSeconds(300);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final String BUILD_MARKER = ".kyodo-build";
    private static final String INSTALLED_MARKER = ".kyodo-installed";

    private final DevStackConfig config;
    private final Process process;
    private final Path home;
    private final Path pidFile;
    private volatile boolean closed;

    private KeycloakServer(DevStackConfig config, Process process, Path home, Path pidFile) {
        this.config = config;
        this.process = process;
        this.home = home;
        this.pidFile = pidFile;
    }

    /** Installs (first time), builds (when the build options changed) and starts Keycloak; waits for the realm. */
    public static KeycloakServer start(DevStackConfig config) {
        long t0 = System.nanoTime();
        Path home = install(config);
        Path log = config.logsDir().resolve("keycloak.log");
        Path pidFile = config.dataDir().resolve("run").resolve("keycloak.pid");
        Processes.stopLeftover(pidFile, "Keycloak");
        Processes.requirePortFree(config.keycloakPort(), "Keycloak", DevStackConfig.KEYCLOAK_URL);
        Processes.requirePortFree(config.keycloakMgmtPort(), "Keycloak management (health)",
                DevStackConfig.KEYCLOAK_MGMT_PORT);

        String providers = copyProviders(home);
        ensureBuilt(config, home, log, providers);
        copyRealm(config, home);
        copyThemes(home);

        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start",
                "--optimized"));
        cmd.addAll(runtimeOptions(config));
        Log.info("Keycloak: starting " + config.keycloakUrl() + " (realm " + config.keycloakRealm() + ", log: " + log
                + ")");
        Process p = Processes.start(cmd, home, environment(config), log);
        Processes.writePid(pidFile, p, home.resolve("bin/kc.sh").toString());
        KeycloakServer server = new KeycloakServer(config, p, home, pidFile);
        String discovery = config.issuerUrl() + "/.well-known/openid-configuration";
        try {
            Processes.waitForHttp200("Keycloak", discovery, START_TIMEOUT, p, log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        try {
            applyRealmSettings(config);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        Log.info(String.format(Locale.ROOT, "Keycloak ready at %s in %.1f s", config.issuerUrl(),
                (System.nanoTime() - t0) / 1e9));
        return server;
    }

    /** Options given to {@code kc.sh start}; the build options are in {@link #buildOptions()}. */
    static List<String> runtimeOptions(DevStackConfig config) {
        List<String> o = new ArrayList<>();
        String host = config.keycloakHost();
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")
                || host.equals("[::1]");
        o.add("--http-enabled=true");
        o.add("--http-port=" + config.keycloakPort());
        // a developer stack: listen on loopback only, unless the URL names another host
        o.add("--http-host=" + (loopback ? "127.0.0.1" : "0.0.0.0"));
        o.add("--hostname=" + config.keycloakUrl());
        o.add("--http-management-port=" + config.keycloakMgmtPort());
        if (dbVendor().equals("postgres")) {
            o.add("--db-url=" + config.jdbcUrl(DevStackConfig.KEYCLOAK_DB_NAME));
            o.add("--db-username=" + DevStackConfig.KEYCLOAK_DB_USER);
            o.add("--db-password=" + DevStackConfig.KEYCLOAK_DB_PASSWORD);
        }
        o.add("--import-realm");
        o.add("--log-console-color=false");
        return o;
    }

    /** Build-time options; changing them triggers {@code kc.sh build} once (≈ 30–45 s). */
    static List<String> buildOptions() {
        return List.of("--db=" + dbVendor(), "--health-enabled=true", "--cache=local");
    }

    /**
     * Where Keycloak keeps its data: {@code postgres} (default: database {@code keycloak} of the platform's
     * PostgreSQL) or {@code dev-file} (H2 under the installation in the data directory), chosen with the system
     * property {@code kyodo.keycloak.db}.
     */
    static String dbVendor() {
        String v = System.getProperty("kyodo.keycloak.db", "postgres").trim();
        if (!v.equals("postgres") && !v.equals("dev-file")) {
            throw new DevStackException("kyodo.keycloak.db must be postgres or dev-file, not '" + v + "'");
        }
        return v;
    }

    private static Map<String, String> environment(DevStackConfig config) {
        Map<String, String> env = new LinkedHashMap<>(config.asEnvironment()); // realm placeholders ${KYODO_...}
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", config.keycloakAdminUser());
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", config.keycloakAdminPassword());
        if (System.getenv("JAVA_HOME") == null) {
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }
        return env;
    }

    // ------------------------------------------------------------------ installation

    static String version() {
        return devstackProperties().getProperty("keycloak.version", "26.7.3");
    }

    /**
     * The installation directory: system property {@code kyodo.keycloak.home} if set, else
     * {@code <data>/keycloak-<version>}. Keycloak's data lives in PostgreSQL, not here, so one installation can serve
     * several data directories (the integration tests share {@code target/keycloak-<version>} between runs to skip
     * the unpack and build steps) — but not two Keycloaks at the same time.
     */
    static Path home(DevStackConfig config) {
        String override = System.getProperty("kyodo.keycloak.home");
        if (override != null && !override.isBlank()) {
            if (dbVendor().equals("dev-file")) {
                throw new DevStackException("kyodo.keycloak.home cannot be combined with kyodo.keycloak.db=dev-file"
                        + " (the H2 files would live in the shared installation)");
            }
            return Paths.get(override).toAbsolutePath().normalize();
        }
        return config.dataDir().resolve("keycloak-" + version());
    }

    /** Unpacks the distribution zip into {@link #home(DevStackConfig)} the first time. */
    static Path install(DevStackConfig config) {
        String version = version();
        Path home = home(config);
        if (Files.isRegularFile(home.resolve(INSTALLED_MARKER))) {
            return home;
        }
        Path zip = findDistribution(version);
        long t0 = System.nanoTime();
        Log.info("Keycloak: unpacking " + zip.getFileName() + " into " + home + " (once)");
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking");
        try {
            deleteTree(staging);
            deleteTree(home);
            Files.createDirectories(staging);
            unzip(zip, staging);
            Path top = staging.resolve("keycloak-" + version);
            if (!Files.isDirectory(top)) {
                throw new DevStackException(zip + " does not contain keycloak-" + version + "/");
            }
            try (DirectoryStream<Path> bin = Files.newDirectoryStream(top.resolve("bin"), "*.sh")) {
                for (Path script : bin) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.createDirectories(home.getParent());
            Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            Files.writeString(home.resolve(INSTALLED_MARKER), zip + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DevStackException("cannot unpack Keycloak into " + home + ": " + e.getMessage(), e);
        }
        Log.info(String.format(Locale.ROOT, "Keycloak: unpacked in %.1f s", (System.nanoTime() - t0) / 1e9));
        return home;
    }

    /**
     * The distribution zip: system property {@code kyodo.keycloak.dist.zip}, or {@code kyodo.keycloak.dist.dir}, or the
     * directory Maven copied it to when this module was built, or the local Maven repository.
     */
    static Path findDistribution(String version) {
        String fileName = "keycloak-quarkus-dist-" + version + ".zip";
        List<Path> candidates = new ArrayList<>();
        String zipProp = System.getProperty("kyodo.keycloak.dist.zip");
        if (zipProp != null && !zipProp.isBlank()) {
            candidates.add(Paths.get(zipProp));
        }
        Properties props = devstackProperties();
        for (String dir : new String[] {System.getProperty("kyodo.keycloak.dist.dir"),
                props.getProperty("keycloak.dist.dir")}) {
            if (dir != null && !dir.isBlank() && !dir.contains("${")) {
                candidates.add(Paths.get(dir, fileName));
            }
        }
        String repo = props.getProperty("maven.repo.local");
        if (repo == null || repo.isBlank() || repo.contains("${")) {
            repo = Paths.get(System.getProperty("user.home"), ".m2", "repository").toString();
        }
        candidates.add(Paths.get(repo, "org", "keycloak", "keycloak-quarkus-dist", version, fileName));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new DevStackException("Keycloak distribution " + fileName + " not found (looked at " + candidates
                + "). Build this module once: mvn -pl deploy/devstack -am package -DskipTests");
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zf.getInputStream(e)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** Runs {@code kc.sh build} when the build options or Kyodo's providers differ from those of the last build. */
    private static void ensureBuilt(DevStackConfig config, Path home, Path log, String providers) {
        String wanted = String.join(" ", buildOptions()) + " providers=" + providers;
        Path marker = home.resolve(BUILD_MARKER);
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(wanted)) {
                return;
            }
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        Log.info("Keycloak: build " + wanted + " (only when these options change; takes a while)");
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "build"));
        cmd.addAll(buildOptions());
        Process p = Processes.start(cmd, home, environment(config), log);
        try {
            if (!p.waitFor(BUILD_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                Processes.stop(p, "Keycloak build", Duration.ofSeconds(5));
                throw new DevStackException("kc.sh build did not finish within " + BUILD_TIMEOUT.toSeconds() + " s."
                        + Processes.tailMessage(log));
            }
        } catch (InterruptedException e) {
            Processes.stop(p, "Keycloak build", Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted during kc.sh build", e);
        }
        if (p.exitValue() != 0) {
            throw new DevStackException("kc.sh build failed with exit code " + p.exitValue() + "."
                    + Processes.tailMessage(log));
        }
        try {
            Files.writeString(marker, wanted + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Log.info(String.format(Locale.ROOT, "Keycloak: build done in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    // ------------------------------------------------------------------ realm

    /** Copies the realm file into {@code data/import} (Keycloak imports it only while the realm does not exist). */
    static void copyRealm(DevStackConfig config, Path home) {
        String json = realmJson();
        if (!config.keycloakRealm().equals("kyodo")) {
            json = json.replaceFirst("\"realm\"\\s*:\\s*\"kyodo\"", "\"realm\" : \"" + config.keycloakRealm() + "\"");
        }
        Path importDir = home.resolve("data").resolve("import");
        try {
            Files.createDirectories(importDir);
            Files.writeString(importDir.resolve(config.keycloakRealm() + "-realm.json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DevStackException("cannot write the realm file into " + importDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The languages of Keycloak's sign-in pages: Kyodo's page languages as Keycloak's locales (やさしい日本語 signs in in
     * Japanese), the realm file's {@code supportedLocales} ({@code RealmFileTest}) and the Kyodo theme's.
     */
    static final java.util.List<String> LOCALES = java.util.List.of("ja", "en", "zh-CN", "ko", "vi");

    /**
     * Settings of the realm that must hold on every start, also for a realm imported by an older version of this file
     * (Keycloak imports a realm only once): Kyodo's sign-in theme, and the SMTP server Keycloak sends its own e-mail
     * through (password reset, e-mail verification) — the platform's, which is the devstack's sink unless
     * KYODO_EXTERNAL_SMTP=true; GビズID ({@link GbizIdBroker}) and the デジタル認証アプリ ({@link DigitalAuthBroker}) as identity
     * providers. Set through the admin REST
     * API as the bootstrap administrator.
     */
    static void applyRealmSettings(DevStackConfig config) {
        // (the sign-in pages' languages too: a realm imported before Keycloak spoke zh-CN, ko and vi gets them)
        java.net.http.HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            String form = "grant_type=password&client_id=admin-cli&username="
                    + URLEncoder.encode(config.keycloakAdminUser(), StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(config.keycloakAdminPassword(), StandardCharsets.UTF_8);
            var tokenReply = http.send(HttpRequest.newBuilder(URI.create(config.keycloakUrl()
                            + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            var m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(tokenReply.body());
            if (tokenReply.statusCode() != 200 || !m.find()) {
                throw new DevStackException("Keycloak admin sign-in failed (" + tokenReply.statusCode() + ")");
            }
            var put = http.send(HttpRequest.newBuilder(URI.create(config.keycloakUrl()
                            + "/admin/realms/" + config.keycloakRealm()))
                    .header("Authorization", "Bearer " + m.group(1)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"loginTheme\":\"kyodo\",\"internationalizationEnabled\":true,"
                            + "\"supportedLocales\":[\"" + String.join("\",\"", LOCALES) + "\"],\"defaultLocale\":\"ja\","
                            + "\"smtpServer\":{\"host\":\""
                            + config.get(DevStackConfig.SMTP_HOST) + "\",\"port\":\"" + config.smtpPort()
                            + "\",\"from\":\"no-reply@kyodo.invalid\",\"fromDisplayName\":\"Kyodo 共同\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() / 100 != 2) {
                throw new DevStackException("Keycloak realm update failed (" + put.statusCode() + "): " + put.body());
            }
            // GビズID brokered as an identity provider (the simulator in development and tests); a failure here leaves
            // the rest of the stack usable (only the GビズID button is missing or broken), so it is reported, not fatal
            try {
                new GbizIdBroker(http, config, m.group(1)).apply();
            } catch (DevStackException e) {
                Log.warn("GビズID identity provider not set up in Keycloak: " + e.getMessage());
            }
            // the デジタル認証アプリ (My Number card sign-in) brokered the same way, reported the same way
            try {
                new DigitalAuthBroker(http, config, m.group(1)).apply();
            } catch (DevStackException e) {
                Log.warn("デジタル認証アプリ identity provider not set up in Keycloak: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new DevStackException("Keycloak admin API unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted", e);
        }
    }

    /**
     * Copies Kyodo's Keycloak providers ({@code deploy/keycloak}, e.g. the Japanese full-name mapper of the card sign-in)
     * into the installation's {@code providers/} folder (when they changed), where {@code kc.sh build} picks them up. Answers a fingerprint
     * of the jar's contents (not of its time stamps, which change with every Maven build), so that Keycloak is built
     * again only when a provider really changed.
     */
    static String copyProviders(Path home) {
        String file = devstackProperties().getProperty("keycloak.providers.jar");
        Path jar = file == null || file.contains("${") ? null : Paths.get(file);
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new DevStackException("Kyodo's Keycloak providers not found (" + file + "): build deploy/keycloak first");
        }
        try {
            Path target = home.resolve("providers").resolve(jar.getFileName().toString());
            String fingerprint = contentFingerprint(jar);
            // copied only when its contents changed: Keycloak started with --optimized refuses to start (exit code 2,
            // "A provider JAR was updated since the last build") when the file changed since its build, and every
            // Maven build writes a new jar of the same contents
            if (!Files.isRegularFile(target) || !contentFingerprint(target).equals(fingerprint)) {
                Files.createDirectories(target.getParent());
                Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
            }
            // Keycloak compares the file's time stamp with the one of its last build: a copy made since is a rebuild
            return fingerprint + "@" + Files.getLastModifiedTime(target).toMillis();
        } catch (IOException e) {
            throw new DevStackException("cannot copy the Keycloak providers into " + home + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 over the jar's entries (names and bytes, in name order; Maven's own metadata left out), 12 hex digits. */
    static String contentFingerprint(Path jar) throws IOException {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            List<java.util.jar.JarEntry> entries = j.stream().filter(e -> !e.isDirectory())
                    .filter(e -> !e.getName().startsWith("META-INF/maven/"))
                    .sorted(java.util.Comparator.comparing(java.util.jar.JarEntry::getName)).toList();
            for (java.util.jar.JarEntry e : entries) {
                sha.update(e.getName().getBytes(StandardCharsets.UTF_8));
                try (var in = j.getInputStream(e)) {
                    sha.update(in.readAllBytes());
                }
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies Kyodo's themes ({@code deploy/keycloak/themes}) into the installation's {@code themes/} folder, replacing
     * an older copy, so the realm's {@code loginTheme} exists. Keycloak reads theme folders at run time.
     */
    static void copyThemes(Path home) {
        String dir = devstackProperties().getProperty("themes.dir");
        Path source = dir == null || dir.contains("${") ? null : Paths.get(dir);
        if (source == null || !Files.isDirectory(source)) {
            throw new DevStackException("Kyodo's Keycloak themes not found (" + dir + "): run from the source tree");
        }
        Path target = home.resolve("themes");
        try (var walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new DevStackException("cannot copy the Keycloak themes into " + target + ": " + e.getMessage(), e);
        }
        // Keycloak keeps gzipped copies of theme resources under a key that changes only with its own version, so an
        // edited stylesheet would otherwise be served stale to browsers that accept gzip
        Path gzipCache = home.resolve("data").resolve("tmp").resolve("kc-gzip-cache");
        try {
            deleteTree(gzipCache);
        } catch (IOException e) {
            throw new DevStackException("cannot delete " + gzipCache + ": " + e.getMessage(), e);
        }
    }


    /**
     * The realm definition: system property {@code kyodo.realm.file}, else {@code deploy/keycloak/kyodo-realm.json} of
     * the source tree this module was built from (so edits apply without a rebuild), else the copy packaged in the jar.
     */
    public static String realmJson() {
        List<String> files = new ArrayList<>();
        files.add(System.getProperty("kyodo.realm.file"));
        files.add(devstackProperties().getProperty("realm.file"));
        for (String f : files) {
            if (f != null && !f.isBlank() && !f.contains("${") && Files.isRegularFile(Paths.get(f))) {
                try {
                    return Files.readString(Paths.get(f), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        try (InputStream in = KeycloakServer.class.getResourceAsStream("realm/kyodo-realm.json")) {
            if (in == null) {
                throw new DevStackException("realm file kyodo-realm.json not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties devstackProperties() {
        Properties p = new Properties();
        try (InputStream in = KeycloakServer.class.getResourceAsStream("devstack.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    // ------------------------------------------------------------------ lifecycle

    public Path home() {
        return home;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops Keycloak: SIGTERM, up to 20 s for a clean shutdown, then SIGKILL. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Processes.stopAndReport(process, "Keycloak", STOP_GRACE, pidFile);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
