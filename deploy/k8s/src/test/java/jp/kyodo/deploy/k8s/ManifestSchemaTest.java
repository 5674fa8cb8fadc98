package jp.kyodo.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every manifest under deploy/k8s (and deploy/compose's compose.yaml) against the vendored schemas, offline; broken
 * manifests in src/test/resources/broken must be refused; and the deployment's shape the issue asks for (two
 * application pods at least, three database instances with backups and Kyodo's two roles, two Keycloak instances
 * with the production realm) plus the references between the files.
 */
class ManifestSchemaTest {

    /** Surefire runs in the module's folder, deploy/k8s. */
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path BROKEN = MODULE.resolve("src/test/resources/broken");
    /** Secrets that an operator creates, not the operator of the platform. */
    private static final Set<String> GENERATED_SECRETS = Set.of("keycloak-db-app");

    private static ManifestSchemas schemas;
    private static Map<Path, List<JsonNode>> manifests;

    @BeforeAll
    static void load() {
        schemas = new ManifestSchemas(MODULE.resolve("schemas"));
        manifests = new TreeMap<>();
        for (Path file : manifestFiles()) {
            manifests.put(file, ManifestSchemas.documents(file));
        }
    }

    /** Every *.yaml / *.yml of deploy/k8s, except the build's, the tests' and the schemas' folders. */
    static List<Path> manifestFiles() {
        try (Stream<Path> files = Files.walk(MODULE)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> {
                        String top = MODULE.relativize(f).getName(0).toString();
                        return !top.equals("target") && !top.equals("src") && !top.equals("schemas");
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyManifestMatchesItsSchema() {
        List<DynamicTest> tests = new ArrayList<>();
        manifests.forEach((file, docs) -> {
            for (JsonNode doc : docs) {
                String name = MODULE.relativize(file) + ": " + doc.path("kind").asText() + " "
                        + doc.path("metadata").path("name").asText();
                tests.add(DynamicTest.dynamicTest(name,
                        () -> assertEquals(List.of(), schemas.validate(doc), name + " does not match its schema")));
            }
        });
        return tests.stream();
    }

    @Test
    void theManifestsUseEveryKindTheDeploymentNeeds() {
        Set<String> used = new TreeSet<>();
        manifests.values().forEach(docs -> docs.forEach(d -> used.add(d.path("kind").asText())));
        for (String kind : List.of("Namespace", "Secret", "ConfigMap", "Ingress", "PodDisruptionBudget",
                "OpenLibertyApplication", "Cluster", "ScheduledBackup", "ObjectStore", "Keycloak",
                "KeycloakRealmImport")) {
            assertTrue(used.contains(kind), "no " + kind + " among the manifests: " + used);
        }
        assertTrue(manifests.size() >= 9, "manifest files found: " + manifests.keySet());
    }

    @Test
    void theComposeFileMatchesTheComposeSpecification() {
        List<JsonNode> docs = ManifestSchemas.documents(MODULE.resolve("../compose/compose.yaml").normalize());
        assertEquals(1, docs.size());
        assertEquals(List.of(), schemas.validateCompose(docs.get(0)));
    }

    /**
     * Each file in src/test/resources/broken holds one object with one mistake and, in its first line,
     * "# refused for: <text>", a text that one of the validator's messages must contain (the field at fault).
     * compose-*.yaml files are checked against the Compose specification, the others against the Kubernetes and
     * operator schemas.
     */
    @TestFactory
    Stream<DynamicTest> brokenManifestsAreRefused() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(BROKEN)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 6, "broken examples: " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String first = Files.readAllLines(file).get(0);
            assertTrue(first.startsWith("# refused for: "), file + " must start with '# refused for: <text>'");
            String expected = first.substring("# refused for: ".length()).trim();
            List<JsonNode> docs = ManifestSchemas.documents(file);
            assertEquals(1, docs.size(), file.toString());
            List<String> errors = file.getFileName().toString().startsWith("compose-")
                    ? schemas.validateCompose(docs.get(0)) : schemas.validate(docs.get(0));
            assertFalse(errors.isEmpty(), file + " was accepted");
            assertTrue(errors.stream().anyMatch(e -> e.contains(expected)),
                    file + ": no message names '" + expected + "': " + errors);
        }));
    }

    @Test
    void theApplicationRunsOnTwoPodsAtLeastWithHealthProbesAndADisruptionBudget() {
        JsonNode app = one("OpenLibertyApplication", "kyodo-app").path("spec");
        int min = app.path("autoscaling").path("minReplicas").asInt();
        assertTrue(min >= 2, "autoscaling.minReplicas " + min);
        assertTrue(app.path("autoscaling").path("maxReplicas").asInt() >= min);
        assertTrue(app.path("autoscaling").path("targetCPUUtilizationPercentage").asInt() > 0);
        assertFalse(app.path("resources").path("requests").path("cpu").isMissingNode(),
                "the CPU autoscaler needs a CPU request");
        Map<String, String> probes = Map.of("startup", "/health/started", "readiness", "/health/ready",
                "liveness", "/health/live");
        probes.forEach((probe, path) -> {
            JsonNode get = app.path("probes").path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), probe);
            assertEquals(app.path("service").path("port").asInt(), get.path("port").asInt(), probe + " port");
        });
        JsonNode pdb = one("PodDisruptionBudget", "kyodo-app").path("spec");
        assertEquals("kyodo-app", pdb.path("selector").path("matchLabels").path("app.kubernetes.io/instance").asText(),
                "the operator labels the pods app.kubernetes.io/instance=<resource name>");
        assertTrue(pdb.path("minAvailable").asInt() >= 1 && pdb.path("minAvailable").asInt() < min,
                "minAvailable must leave room to drain a node");
    }

    @Test
    void theDatabaseHasThreeInstancesBackupsAndKyodosTwoRoles() {
        JsonNode config = one("ConfigMap", "kyodo-config").path("data");
        JsonNode db = one("Cluster", "kyodo-db").path("spec");
        assertEquals(3, db.path("instances").asInt());
        assertEquals(config.path("KYODO_DB_HOST").asText(), "kyodo-db-rw", "Liberty must reach the primary");
        assertEquals(config.path("KYODO_DB_NAME").asText(), db.path("bootstrap").path("initdb").path("database").asText());
        String owner = config.path("KYODO_DB_OWNER_USER").asText();
        String appRole = config.path("KYODO_DB_APP_USER").asText();
        assertEquals(owner, db.path("bootstrap").path("initdb").path("owner").asText());
        assertFalse(owner.equals(appRole), "owner and app role must differ (docs/tenancy.md)");
        Map<String, JsonNode> roles = new HashMap<>();
        db.path("managed").path("roles").forEach(r -> roles.put(r.path("name").asText(), r));
        for (String role : List.of(owner, appRole)) {
            JsonNode r = roles.get(role);
            assertNotNull(r, "managed role " + role);
            assertTrue(r.path("login").asBoolean(), role + " logs in");
            for (String attribute : List.of("superuser", "bypassrls", "createrole", "createdb", "replication")) {
                assertFalse(r.path(attribute).asBoolean(true), role + " must be explicitly NO" + attribute.toUpperCase());
            }
            String secret = r.path("passwordSecret").path("name").asText();
            assertEquals(role, stringData(one("Secret", secret)).get("username"), secret + " username");
        }
        String initSql = db.path("bootstrap").path("initdb").path("postInitApplicationSQL").toString();
        assertTrue(initSql.contains("NOBYPASSRLS") && initSql.contains("GRANT CONNECT ON DATABASE kyodo TO " + appRole)
                && initSql.contains("REVOKE ALL ON DATABASE kyodo FROM PUBLIC"), initSql);
        for (String cluster : List.of("kyodo-db", "keycloak-db")) {
            JsonNode spec = one("Cluster", cluster).path("spec");
            assertEquals(3, spec.path("instances").asInt(), cluster);
            boolean archiver = false;
            for (JsonNode plugin : spec.path("plugins")) {
                archiver |= plugin.path("name").asText().equals("barman-cloud.cloudnative-pg.io")
                        && plugin.path("isWALArchiver").asBoolean()
                        && !one("ObjectStore", plugin.path("parameters").path("barmanObjectName").asText()).isMissingNode();
            }
            assertTrue(archiver, cluster + " archives its WAL with the barman-cloud plugin to a declared ObjectStore");
            assertTrue(all("ScheduledBackup").stream().anyMatch(b -> b.path("spec").path("cluster").path("name")
                    .asText().equals(cluster) && b.path("spec").path("method").asText().equals("plugin")),
                    "a scheduled base backup of " + cluster);
        }
    }

    /** At the autoscaler's maximum, every pod's full pool still fits under the app role's and the server's limit. */
    @Test
    void theConnectionPoolsFitTheDatabaseAtTheAutoscalersMaximum() {
        int pods = one("OpenLibertyApplication", "kyodo-app").path("spec").path("autoscaling").path("maxReplicas").asInt();
        int pool = Integer.parseInt(one("ConfigMap", "kyodo-config").path("data").path("KYODO_DB_POOL_MAX").asText());
        JsonNode db = one("Cluster", "kyodo-db").path("spec");
        int roleLimit = -1;
        for (JsonNode role : db.path("managed").path("roles")) {
            if (role.path("name").asText().equals("kyodo_app")) {
                roleLimit = role.path("connectionLimit").asInt(-1);
            }
        }
        int maxConnections = Integer.parseInt(db.path("postgresql").path("parameters").path("max_connections").asText());
        assertTrue(roleLimit > 0, "kyodo_app needs a connectionLimit");
        assertTrue(pods * pool <= roleLimit, pods + " pods x " + pool + " connections > kyodo_app's limit " + roleLimit);
        assertTrue(roleLimit < maxConnections, "kyodo_app's limit " + roleLimit + " must leave room under max_connections "
                + maxConnections + " for the owner role (migrations) and the operator");
    }

    @Test
    void keycloakRunsTwoInstancesAtLeastWithTheProductionRealm() throws IOException {
        JsonNode keycloak = one("Keycloak", "kyodo-keycloak");
        assertTrue(keycloak.path("spec").path("instances").asInt() >= 2, "two Keycloak instances at least");
        assertEquals(one("ConfigMap", "kyodo-config").path("data").path("KYODO_KEYCLOAK_URL").asText(),
                keycloak.path("spec").path("hostname").path("hostname").asText(),
                "one issuer for everybody: KYODO_KEYCLOAK_URL and Keycloak's hostname");
        assertEquals("keycloak-db-rw", keycloak.path("spec").path("db").path("host").asText());
        JsonNode realmImport = one("KeycloakRealmImport", "kyodo-realm").path("spec");
        assertEquals("kyodo-keycloak", realmImport.path("keycloakCRName").asText());
        Path realmFile = MODULE.resolve("../keycloak/kyodo-realm-production.json").normalize();
        assertEquals(ManifestSchemas.read(realmFile), realmImport.path("realm"),
                "41-keycloak-realm.yaml differs from " + realmFile + ": run deploy/k8s/realm-import.sh > deploy/k8s/41-keycloak-realm.yaml");
        Matcher m = Pattern.compile("\\$\\{(KYODO_[A-Z_]+)}").matcher(Files.readString(realmFile));
        Set<String> placeholders = new HashSet<>();
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertFalse(placeholders.isEmpty());
        for (String placeholder : placeholders) {
            JsonNode ref = realmImport.path("placeholders").path(placeholder).path("secret");
            assertFalse(ref.isMissingNode(), "no spec.placeholders." + placeholder + " for the realm's ${" + placeholder + "}");
        }
    }

    /** Every Secret / ConfigMap a manifest reads (by name, and by key where it names one) is declared. */
    @Test
    void everySecretAndConfigMapReferenceResolves() {
        Map<String, Set<String>> secrets = new HashMap<>();
        Map<String, Set<String>> configMaps = new HashMap<>();
        for (JsonNode s : all("Secret")) {
            secrets.put(s.path("metadata").path("name").asText(), stringData(s).keySet());
        }
        for (JsonNode c : all("ConfigMap")) {
            Set<String> keys = new HashSet<>();
            c.path("data").fieldNames().forEachRemaining(keys::add);
            configMaps.put(c.path("metadata").path("name").asText(), keys);
        }
        List<String> missing = new ArrayList<>();
        manifests.forEach((file, docs) -> {
            if (MODULE.relativize(file).startsWith("optional")) {
                return;
            }
            for (JsonNode doc : docs) {
                references(doc, null, (kind, name, key) -> {
                    Map<String, Set<String>> declared = kind.equals("ConfigMap") ? configMaps : secrets;
                    if (kind.equals("Secret") && GENERATED_SECRETS.contains(name)) {
                        return;
                    }
                    Set<String> keys = declared.get(name);
                    if (keys == null || (key != null && !keys.contains(key))) {
                        missing.add(MODULE.relativize(file) + ": " + kind + " " + name + (key == null ? "" : " key " + key));
                    }
                });
            }
        });
        assertEquals(List.of(), missing);
    }

    private interface Reference {
        void to(String kind, String name, String key);
    }

    private static void references(JsonNode node, String field, Reference out) {
        if (node.isObject()) {
            if (field != null) {
                switch (field) {
                    case "secretKeyRef", "accessKeyId", "secretAccessKey", "usernameSecret", "passwordSecret" ->
                            out.to("Secret", node.path("name").asText(), node.has("key") ? node.path("key").asText() : null);
                    case "secretRef" -> out.to("Secret", node.path("name").asText(), null);
                    case "configMapKeyRef" -> out.to("ConfigMap", node.path("name").asText(), node.path("key").asText());
                    case "configMapRef" -> out.to("ConfigMap", node.path("name").asText(), null);
                    case "secret" -> {
                        if (node.has("name")) {
                            out.to("Secret", node.path("name").asText(), node.has("key") ? node.path("key").asText() : null);
                        }
                    }
                    default -> { }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (field != null && field.equals("realm")) {
                    continue;
                }
                if (e.getKey().equals("secret") && e.getValue().isTextual()) {
                    out.to("Secret", e.getValue().asText(), null);
                } else {
                    references(e.getValue(), e.getKey(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> references(n, field, out));
        }
    }

    private static Map<String, String> stringData(JsonNode secret) {
        Map<String, String> data = new HashMap<>();
        secret.path("stringData").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        secret.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static List<JsonNode> all(String kind) {
        List<JsonNode> out = new ArrayList<>();
        manifests.forEach((file, docs) -> {
            if (!MODULE.relativize(file).startsWith("optional")) {
                docs.stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(out::add);
            }
        });
        return out;
    }

    private static JsonNode one(String kind, String name) {
        List<JsonNode> found = all(kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name)).toList();
        if (found.size() != 1) {
            fail(found.size() + " " + kind + " named " + name + " among the manifests (want exactly one)");
        }
        return found.get(0);
    }
}
