package jp.kyodo.integration.internal;

/** How a partner call failed: worth trying again later, or never going to work as it is. */
public final class Failures {

    private Failures() {
    }

    /** The partner was unreachable, slow, overloaded or answered 5xx: try again later (counts for the breaker). */
    public static class Transient extends RuntimeException {
        public Transient(String reason) {
            super(reason);
        }
    }

    /** The partner refused our credentials or token (401): log in again, then retry. */
    public static class Unauthorized extends Transient {
        public Unauthorized(String reason) {
            super(reason);
        }
    }

    /** The message itself is wrong (the partner refused it, it cannot be read): redelivery cannot help. */
    public static class Permanent extends RuntimeException {
        public Permanent(String reason) {
            super(reason);
        }
    }
}
