package io.roistream.runtime.objectstore;

import io.roistream.runtime.retry.TransientFailure;

/** The store could not be reached, or kept answering with server errors, through every allowed attempt. Transient. */
public final class ObjectStoreUnavailableException extends ObjectStoreException implements TransientFailure {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    ObjectStoreUnavailableException(String operation, String endpoint, int attempts, Throwable cause) {
        super(operation + " failed against the object store at " + endpoint + " after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ": " + cause, cause);
        this.attempts = attempts;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
