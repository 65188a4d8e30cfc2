package io.roistream.runtime.retry;

/** A processing step failed for a reason that may go away: the step is worth trying again after a pause. */
public final class TransientProcessingException extends RuntimeException implements TransientFailure {

    private static final long serialVersionUID = 1L;

    /** A transient failure with a message. */
    public TransientProcessingException(String message) {
        super(message);
    }

    /** A transient failure with a message and its cause. */
    public TransientProcessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
