package io.roistream.runtime.metrics;

/**
 * The health of one worker as its processing loop reports it: DOWN until the loop runs, UP while it
 * runs, DOWN with a reason once it stops or fails. Thread-safe.
 */
public final class Health {

    /**
     * One reading.
     *
     * @param status UP or DOWN
     * @param detail why, in words
     */
    public record Reading(HealthStatus status, String detail) {}

    private volatile Reading reading = new Reading(HealthStatus.DOWN, "not started");

    /** The loop runs. */
    public void up(String detail) {
        reading = new Reading(HealthStatus.UP, detail);
    }

    /** The loop does not run, because of {@code detail}. */
    public void down(String detail) {
        reading = new Reading(HealthStatus.DOWN, detail);
    }

    /** The current reading. */
    public Reading read() {
        return reading;
    }
}
