package io.roistream.runtime.retry;

import io.roistream.runtime.config.Configuration;
import java.time.Duration;

/**
 * Bounded retries with exponential backoff: attempt 1 runs at once, attempt {@code n > 1} after
 * {@code initialBackoff * multiplier^(n-2)}, capped at {@code maxBackoff}; at most {@code maxAttempts}
 * attempts in all.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff pause before the second attempt
 * @param maxBackoff the longest pause
 * @param multiplier growth of the pause per attempt, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

    /** Validates the fields. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, not " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, not " + multiplier);
        }
    }

    /** A policy that tries once and never again. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
    }

    /**
     * The policy configured under {@code prefix}: {@code <prefix>.max-attempts}, {@code <prefix>.initial-backoff},
     * {@code <prefix>.max-backoff}, {@code <prefix>.multiplier} (all required: give them defaults).
     */
    public static RetryPolicy fromConfiguration(Configuration config, String prefix) {
        return new RetryPolicy(config.integerAtLeast(prefix + ".max-attempts", 1),
                config.duration(prefix + ".initial-backoff"), config.duration(prefix + ".max-backoff"),
                config.doubleValue(prefix + ".multiplier"));
    }

    /** Whether another attempt may follow attempt {@code attempt} (1-based). */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The pause before attempt {@code attempt} (1-based; zero for the first). */
    public Duration backoffBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 2);
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
