package io.roistream.stack;

/** Raised when the stack cannot be located, started, inspected or stopped; the message says why. */
public class StackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public StackException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the failure behind it. */
    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
