package io.roistream.runtime.retry;

/**
 * Marks an exception as a verdict on the input itself (an image that is not an image, a request
 * that breaks the rules): permanent, and not a fault of the code. Dead-lettered as a rejection
 * rather than a processing error.
 */
public interface RejectedInput {

    /** Whether {@code error}, or any exception in its cause chain, is marked as a rejection. */
    static boolean isRejection(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (current instanceof RejectedInput) {
                return true;
            }
        }
        return false;
    }
}
