package jp.kyodo.it;

import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployed server embeds with the bundled in-process model (LangChain4j + ONNX Runtime + DJL tokenizers as
 * Liberty's shared library "embeddings", not in the EAR) once the operator chooses it, and an application restart
 * (not a server restart) keeps it working: the restarted application's new class loader reuses the shared library's,
 * where the native libraries are already loaded. A city administrator sees the provider, state and dimension; nobody
 * else does. The default provider (none) is checked too.
 */
@ExtendWith(ArquillianExtension.class)
class EmbeddingModelIT {

    private static TestCity ama;
    private static TestCity msn;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(ama, msn);
    }

    @Test
    void theEarCarriesNeitherTheModelNorASecondLangChain4jCore() throws Exception {
        try (ZipFile ear = new ZipFile(new File(System.getProperty("kyodo.it.ear")))) {
            List<String> libs = ear.stream().map(e -> e.getName()).filter(n -> n.startsWith("lib/")).toList();
            assertTrue(libs.contains("lib/agents.jar"), libs::toString);
            for (String part : new String[] {"langchain4j-core", "langchain4j-embeddings", "onnxruntime", "tokenizers",
                    "jackson-databind", "slf4j-api"}) {
                assertTrue(libs.stream().noneMatch(n -> n.startsWith("lib/" + part)),
                        part + " belongs to the shared library only: " + libs);
            }
        }
        File[] shared = serverDir().resolve("../../shared/resources/embeddings").toFile().listFiles();
        assertTrue(shared != null && List.of(shared).stream().anyMatch(f -> f.getName().startsWith("onnxruntime"))
                && List.of(shared).stream().anyMatch(f -> f.getName().startsWith("langchain4j-core")),
                "the server's shared library holds the model and its runtime");
    }

    @Test
    void theInProcessModelEmbedsAndSurvivesAnApplicationRestart() throws Exception {
        TestCity[] pair = TestCity.demoPair();
        ama = pair[0];
        msn = pair[1];

        // the default (kyodo.embeddings.provider=none): lexical only, no vectors
        JsonObject lexical = retrieval(ama);
        assertEquals("none", lexical.getString("embeddingProvider"), lexical::toString);
        assertEquals("off", lexical.getString("embeddingState"), lexical::toString);
        assertEquals(0, lexical.getInt("embeddingVectors"), lexical::toString);
        assertEquals(403, get("/api/v1/concierge/retrieval", ama.staffToken()).status(), "city administrators only");
        assertEquals(403, get("/api/v1/concierge/retrieval", ama.citizenToken()).status(), "city administrators only");

        // the operator chooses the bundled model (a server variable is a MicroProfile Config value) and restarts the app
        try {
            ServerConfig.override("it-embeddings", java.util.Map.of("kyodo.embeddings.provider", "bundled"));
            restartApplication();
            JsonObject before = retrieval(ama);
            assertActive(before);
            assertActive(retrieval(msn));
            // the city admin's usage page shows the same
            WebSignInIT.Browser admin = new WebSignInIT.Browser();
            var signedIn = admin.signIn(admin.get(Platform.base() + "/c/" + ama.code + "/login"), ama.admin,
                    Platform.TEST_PASSWORD);
            assertEquals(200, signedIn.statusCode(), signedIn::body);
            var page = admin.get(Platform.base() + "/c/" + ama.code + "/admin/knowledge/usage");
            assertEquals(200, page.statusCode(), page::body);
            assertTrue(page.body().contains("<h2>検索の設定</h2>") && page.body().contains("bundled")
                    && page.body().contains("使用中")
                    && page.body().contains("<dt>埋め込みベクトル数</dt><dd>" + before.getInt("embeddingVectors") + "</dd>"),
                    page::body);
            answers(ama);

            // a second application start in the same JVM: the shared library's class loader, natives already loaded
            restartApplication();
            answers(ama);
            JsonObject after = retrieval(ama);
            assertActive(after);
            assertEquals(before.getInt("embeddingDimension"), after.getInt("embeddingDimension"));
            assertEquals(before.getInt("embeddingVectors"), after.getInt("embeddingVectors"),
                    "the index rebuilt by the restarted application has the same vectors");

            String log = log();
            assertFalse(log.contains("already loaded in another classloader"), "no second load of the native libraries");
            assertFalse(log.contains("bundled embedding model unavailable"), "the model loaded at every start");
            assertFalse(log.contains("CWWKL0008W"), "the application uses the shared library's common class loader");
            assertTrue(count(log, "with embeddings: bundled") >= 2, "both application starts opened the indexes with it");
        } finally {
            // the application stays deployed for the next classes (DeployOnce): start it again with the default
            if (ServerConfig.remove("it-embeddings")) {
                restartApplication();
            }
        }
    }

    private static JsonObject retrieval(TestCity city) {
        var r = get("/api/v1/concierge/retrieval", city.adminToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static void assertActive(JsonObject s) {
        assertEquals("bundled", s.getString("embeddingProvider"), s::toString);
        assertEquals("active", s.getString("embeddingState"), s::toString);
        assertFalse(s.getString("embeddingModel").isBlank(), s::toString);
        assertTrue(s.getInt("embeddingDimension") >= 128, s::toString);
        assertTrue(s.getInt("indexedEntries") >= 50, s::toString);
        // one vector per question and phrasing (and document passage): at least one per entry
        assertTrue(s.getInt("embeddingVectors") >= s.getInt("indexedEntries"), s::toString);
        assertFalse(s.toString().contains("http"), "no endpoint or secret in the status: " + s);
    }

    private static void answers(TestCity city) {
        var r = Platform.ask(city.citizenToken(), "住民票の写しはどこで取れますか");
        assertEquals(200, r.status(), r::toString);
        assertEquals("ANSWERED", r.json().getString("outcome"), r::toString);
        assertTrue(r.json().getJsonArray("sources").getJsonObject(0).getString("id").startsWith("ama-"), r::toString);
    }

    private static void restartApplication() throws Exception {
        ServerConfig.restartApplication();
    }

    private static String log() throws java.io.IOException {
        return ServerConfig.log();
    }

    private static int count(String text, String what) {
        return ServerConfig.count(text, what);
    }

    private static Path serverDir() {
        return ServerConfig.serverDir();
    }
}
