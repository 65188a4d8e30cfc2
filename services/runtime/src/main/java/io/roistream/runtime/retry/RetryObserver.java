package io.roistream.runtime.retry;

import java.time.Duration;

/** Told about each transient failure that will be retried: for logs, metrics and tests. */
@FunctionalInterface
public interface RetryObserver {

    /** An observer that does nothing. */
    RetryObserver NONE = (operation, failedAttempt, failure, pause) -> { };

    /**
     * Attempt {@code failedAttempt} of {@code operation} failed transiently with {@code failure};
     * the next attempt follows after {@code pause}.
     */
    void beforeRetry(String operation, int failedAttempt, Throwable failure, Duration pause);
}
