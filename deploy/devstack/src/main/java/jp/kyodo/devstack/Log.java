package jp.kyodo.devstack;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Console lines prefixed {@code [kyodo]}, so they stand out among the services' own output. */
final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** zonky logs every step at INFO through SLF4J/JUL; keep only its warnings (strong reference: JUL holds weak ones). */
    private static final java.util.logging.Logger ZONKY = java.util.logging.Logger.getLogger("io.zonky");

    static {
        ZONKY.setLevel(java.util.logging.Level.WARNING);
    }

    private Log() {
    }

    static void info(String message) {
        System.out.println("[kyodo] " + LocalTime.now().format(TIME) + " " + message);
        System.out.flush();
    }

    static void warn(String message) {
        System.out.println("[kyodo] " + LocalTime.now().format(TIME) + " WARNING: " + message);
        System.out.flush();
    }

    /** A line without timestamp, for banners. */
    static void plain(String message) {
        System.out.println("[kyodo] " + message);
    }
}
