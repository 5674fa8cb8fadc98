package jp.kyodo.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessesTest {

    @Test
    void takenPortIsReportedWithServiceAndVariable() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = s.getLocalPort();
            assertFalse(Processes.isPortFree(port));
            DevStackException e = assertThrows(DevStackException.class,
                    () -> Processes.requirePortFree(port, "Keycloak", "KYODO_KEYCLOAK_URL"));
            assertTrue(e.getMessage().contains("Port " + port + " for Keycloak"), e.getMessage());
            assertTrue(e.getMessage().contains("KYODO_KEYCLOAK_URL"), e.getMessage());
        }
    }

    @Test
    void tailReturnsLastLines(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("x.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));
        assertEquals("line 98\nline 99\nline 100", Processes.tail(log, 3));
        assertEquals("(no log file)", Processes.tail(tmp.resolve("missing.log"), 3));
    }

    @Test
    void startAndStopChildWithDescendants(@TempDir Path tmp) {
        Path log = tmp.resolve("logs/child.log");
        Process p = Processes.start(List.of("bash", "-c", "sleep 300 & echo started; wait"), tmp, Map.of(), log);
        long deadline = System.currentTimeMillis() + 5000;
        while (p.toHandle().descendants().count() == 0 && System.currentTimeMillis() < deadline) {
            Processes.sleep(50);
        }
        List<ProcessHandle> family = p.toHandle().descendants().collect(Collectors.toList());
        assertTrue(Processes.stop(p, "test child", Duration.ofSeconds(5)));
        assertFalse(p.isAlive());
        family.forEach(h -> assertFalse(h.isAlive(), "descendant " + h.pid() + " still alive"));
    }

    @Test
    void waitForHttpFailsFastWhenTheProcessDies(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("dead.log");
        Process p = Processes.start(List.of("bash", "-c", "echo about to fail; exit 3"), tmp, Map.of(), log);
        p.waitFor();
        DevStackException e = assertThrows(DevStackException.class, () -> Processes.waitForHttp200("Dummy",
                "http://127.0.0.1:1/none", Duration.ofSeconds(30), p, log));
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("about to fail"), e.getMessage());
    }
}
