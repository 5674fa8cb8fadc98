package jp.kyodo.it;

import jp.kyodo.devstack.DevStack;
import jp.kyodo.devstack.DevStackConfig;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the real PostgreSQL and Keycloak once for the whole integration-test run (before
 * Arquillian starts Liberty), on the ports the build gives in KYODO_* variables, and stops them at
 * the end. Liberty inherits the same variables.
 */
public class BackingServices implements LauncherSessionListener {

    private static DevStack stack;

    /** The backing services of this run (with the SMTP sink), when this JVM started them. */
    public static java.util.Optional<DevStack> stack() {
        return java.util.Optional.ofNullable(stack);
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (stack == null && System.getenv("KYODO_DATA_DIR") != null) {
            stack = DevStack.startBackingServices(DevStackConfig.fromEnvironment());
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Chromium.quitKept();
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
