package jp.kyodo.devstack;

/** A failure to start or stop part of the development stack, with a message meant for the developer. */
public class DevStackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
