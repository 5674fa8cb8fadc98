package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The IT server's configuration as an operator changes it: a file in {@code configDropins/overrides} whose server
 * variables are MicroProfile Config values (they outrank the environment), and an application restart — not a server
 * restart — so that beans read them again. The application is deployed once for the whole run ({@link DeployOnce}):
 * a class that changes the configuration puts it back with {@link #remove} before it ends.
 */
final class ServerConfig {

    private ServerConfig() {
    }

    /** Writes the override file {@code name}.xml with these server variables and waits until Liberty has read it. */
    static void override(String name, Map<String, String> variables) throws Exception {
        StringBuilder xml = new StringBuilder("<server>");
        variables.forEach((k, v) -> xml.append("<variable name=\"").append(k).append("\" value=\"").append(v).append("\"/>"));
        xml.append("</server>");
        Path file = overrides().resolve(name + ".xml");
        int updates = configUpdates();
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml);
        awaitConfigUpdate(updates);
    }

    /** Removes the override file {@code name}.xml, if present, and waits until Liberty has read the change. */
    static boolean remove(String name) throws Exception {
        int updates = configUpdates();
        if (!Files.deleteIfExists(overrides().resolve(name + ".xml"))) {
            return false;
        }
        awaitConfigUpdate(updates);
        return true;
    }

    /**
     * Restarts the application (not the server) as an updated deployment does: the EAR's time stamp changes and
     * Liberty's file notification MBean (updateTrigger="mbean") is told to look at the applications, so Liberty stops
     * and starts the application on its own threads. (Invoking ApplicationMBean.restart over the local JMX connector
     * starts the application on the RMI thread, whose context class loader is the stopped application's: JNDI fails.)
     */
    static void restartApplication() throws Exception {
        Path ear = serverDir().resolve("apps/kyodo-app.ear");
        assertTrue(Files.isRegularFile(ear), ear::toString);
        Path address = serverDir().resolve("logs/state/com.ibm.ws.jmx.local.address");
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address).strip()))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            Set<ObjectName> apps = mbs.queryNames(
                    new ObjectName("WebSphere:service=com.ibm.websphere.application.ApplicationMBean,*"), null);
            ObjectName app = apps.stream().filter(n -> n.getKeyProperty("name").startsWith("kyodo")).findFirst()
                    .orElseThrow(() -> new AssertionError("the application's MBean: " + apps));
            assertEquals("STARTED", mbs.getAttribute(app, "State"), app::toString);
            int stops = count(log(), "CWWKZ0009I");
            Files.setLastModifiedTime(ear, FileTime.fromMillis(System.currentTimeMillis() + 2000));
            mbs.invoke(new ObjectName("WebSphere:service=com.ibm.ws.kernel.filemonitor.FileNotificationMBean"),
                    "processApplicationChanges", null, null);
            long deadline = System.nanoTime() + 240_000_000_000L;
            while (count(log(), "CWWKZ0009I") == stops || !"STARTED".equals(mbs.getAttribute(app, "State"))) {
                assertTrue(System.nanoTime() < deadline, "the application was stopped and started again");
                Thread.sleep(500);
            }
        }
        // the first request after a start may still meet the application starting up
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (Platform.get("/health/ready", null).status() != 200) {
            assertTrue(System.nanoTime() < deadline, "ready after the restart");
            Thread.sleep(500);
        }
    }

    static String log() throws IOException {
        return Files.readString(serverDir().resolve("logs/messages.log"), StandardCharsets.UTF_8);
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static Path serverDir() {
        return Path.of(System.getProperty("kyodo.it.server.dir"));
    }

    private static Path overrides() {
        return serverDir().resolve("configDropins/overrides");
    }

    private static int configUpdates() throws IOException {
        String log = log();
        return count(log, "CWWKG0017I") + count(log, "CWWKG0018I");
    }

    private static void awaitConfigUpdate(int before) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (configUpdates() == before) {
            assertTrue(System.nanoTime() < deadline, "Liberty read the changed configuration");
            Thread.sleep(250);
        }
    }
}
