package jp.kyodo.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevStackTest {

    @Test
    void parsesArguments() {
        DevStack.Args a = DevStack.Args.parse("--reset", "--liberty", "/opt/wlp", "--server", "kyodo");
        assertTrue(a.reset);
        assertEquals(Path.of("/opt/wlp"), a.liberty);
        assertEquals("kyodo", a.server);
        DevStack.Args none = DevStack.Args.parse();
        assertFalse(none.reset);
        assertNull(none.liberty);
        assertTrue(DevStack.Args.parse("--seed").seed);
        assertTrue(DevStack.Args.parse("-h").help);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> DevStack.Args.parse("--liberty"));
        assertThrows(IllegalArgumentException.class, () -> DevStack.Args.parse("--liberty", "--reset"));
        assertThrows(IllegalArgumentException.class, () -> DevStack.Args.parse("--liberty", "/opt/wlp"));
        assertThrows(IllegalArgumentException.class, () -> DevStack.Args.parse("--server", "kyodo"));
        assertThrows(IllegalArgumentException.class, () -> DevStack.Args.parse("--frobnicate"));
    }

    @Test
    void bannerListsUrlsAndDemoLogins() {
        DevStackConfig c = DevStackConfig.from(Map.of(DevStackConfig.DATA_DIR, "/tmp/k"));
        String banner = String.join("\n", DevStack.bannerLines(c, true, List.of("city 282022: staff1 / kyodo-demo")));
        assertTrue(banner.contains("http://localhost:9080/"), banner);
        assertTrue(banner.contains("http://localhost:8180/admin/"), banner);
        assertTrue(banner.contains("vendor / kyodo-demo"), banner);
        assertTrue(banner.contains("analyst / kyodo-demo"), banner);
        assertTrue(banner.contains("city 282022: staff1 / kyodo-demo"), banner);
        assertFalse(String.join("\n", DevStack.bannerLines(c, false, List.of())).contains(":9080"));
    }

    @Test
    void resetDeletesOnlyDevstackDirectories(@TempDir Path tmp) throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("precious.txt"), "keep me");
        assertThrows(DevStackException.class, () -> DevStack.resetDataDir(foreign));
        assertTrue(Files.exists(foreign.resolve("precious.txt")));

        Path ours = Files.createDirectories(tmp.resolve("ours/postgres"));
        Files.writeString(tmp.resolve("ours").resolve(DevStack.DATA_DIR_MARKER), "x");
        DevStack.resetDataDir(tmp.resolve("ours"));
        assertFalse(Files.exists(tmp.resolve("ours")));
        assertFalse(Files.exists(ours));

        DevStack.resetDataDir(tmp.resolve("missing")); // nothing to do
    }

    @Test
    void seederFromSystemProperty() {
        System.setProperty("kyodo.seeder", FakeSeeder.class.getName());
        try {
            List<String> lines = DevStack.runSeeder(DevStackConfig.from(Map.of()));
            assertEquals(List.of("seeded 55432"), lines);
        } finally {
            System.clearProperty("kyodo.seeder");
        }
    }

    @Test
    void failingSeederDoesNotStopTheStack() {
        System.setProperty("kyodo.seeder", FailingSeeder.class.getName());
        try {
            List<String> lines = DevStack.runSeeder(DevStackConfig.from(Map.of()));
            assertEquals(1, lines.size());
            assertTrue(lines.get(0).contains("boom"), lines.get(0));
        } finally {
            System.clearProperty("kyodo.seeder");
        }
    }

    @Test
    void startsAndStopsLibertyWithTheKyodoEnvironment(@TempDir Path tmp) throws Exception {
        Path wlp = Path.of(DevStackTest.class.getResource("/dummy-wlp").toURI());
        int http = freePort();
        int https = freePort();
        DevStackConfig c = DevStackConfig.from(Map.of(DevStackConfig.DATA_DIR, tmp.toString(),
                DevStackConfig.HTTP_PORT, Integer.toString(http), DevStackConfig.HTTPS_PORT, Integer.toString(https),
                DevStackConfig.DB_PORT, "55777"));
        DevStack stack = new DevStack(c);
        try {
            stack.startLiberty(wlp, "kyodo-test");
            assertEquals(200, Processes.httpStatus("http://localhost:" + http + "/health/ready"));
            assertTrue(Files.isRegularFile(tmp.resolve("run/liberty.pid")));
            assertTrue(stack.deadService().isEmpty());
        } finally {
            stack.close();
        }
        assertTrue(Processes.isPortFree(http), "Liberty stopped");
        assertFalse(Files.exists(tmp.resolve("run/liberty.pid")));
        String log = Files.readString(tmp.resolve("logs/liberty.log"));
        assertTrue(log.contains("dummy liberty kyodo-test started with KYODO_DB_PORT=55777"), log);
    }

    @Test
    void libertyPortTakenFailsFast(@TempDir Path tmp) throws Exception {
        Path wlp = Path.of(DevStackTest.class.getResource("/dummy-wlp").toURI());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            DevStackConfig c = DevStackConfig.from(Map.of(DevStackConfig.DATA_DIR, tmp.toString(),
                    DevStackConfig.HTTP_PORT, Integer.toString(taken.getLocalPort())));
            DevStack stack = new DevStack(c);
            DevStackException e = assertThrows(DevStackException.class, () -> stack.startLiberty(wlp, "kyodo-test"));
            assertTrue(e.getMessage().contains("Liberty http"), e.getMessage());
            assertTrue(e.getMessage().contains("KYODO_HTTP_PORT"), e.getMessage());
            stack.close();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static class FakeSeeder implements DemoSeeder {
        @Override
        public List<String> seed(DevStackConfig config) {
            return List.of("seeded " + config.dbPort());
        }
    }

    public static class FailingSeeder implements DemoSeeder {
        @Override
        public List<String> seed(DevStackConfig config) {
            throw new IllegalStateException("boom");
        }
    }
}
