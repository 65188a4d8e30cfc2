package io.roistream.runtime.retry;

/**
 * Marks an exception as transient: the same operation may succeed if tried again later
 * (a server that refused a connection, answered 5xx, or a dependency that is restarting).
 * Anything not marked is permanent and is not retried.
 */
public interface TransientFailure {

    /** Whether {@code error}, or any exception in its cause chain, is marked transient. */
    static boolean isTransient(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof TransientFailure) {
                return true;
            }
            if (current.getCause() == current) {
                return false;
            }
        }
        return false;
    }
}
