package io.roistream.trainer;

import io.roistream.runtime.retry.RejectedInput;

/**
 * A trigger that cannot be trained on because of its input: a missing or unreadable manifest,
 * maps of another backbone, no usable label. Dead-lettered as a rejection.
 */
public final class TrainingRejectedException extends RuntimeException implements RejectedInput {

    private static final long serialVersionUID = 1L;

    /** A rejection saying why. */
    public TrainingRejectedException(String message) {
        super(message);
    }

    /** A rejection saying why, with the error that showed it. */
    public TrainingRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
