package io.roistream.runtime.metrics;

/**
 * The health of one worker as its processing loop reports it: DOWN until the loop runs, UP while it
 * runs, DOWN with a reason once it stops or fails, or for good once another part of the worker
 * {@linkplain #fail fails}. Thread-safe.
 */
public final class Health {

    /**
     * One reading.
     *
     * @param status UP or DOWN
     * @param detail why, in words
     */
    public record Reading(HealthStatus status, String detail) {}

    private Reading reading = new Reading(HealthStatus.DOWN, "not started");
    private boolean failed;

    /** The loop runs; ignored once a part of the worker {@linkplain #fail failed}. */
    public synchronized void up(String detail) {
        if (!failed) {
            reading = new Reading(HealthStatus.UP, detail);
        }
    }

    /** The loop does not run, because of {@code detail}. */
    public synchronized void down(String detail) {
        reading = new Reading(HealthStatus.DOWN, detail);
    }

    /**
     * Another part the worker needs (e.g. a thread following a topic) stopped for good: DOWN with
     * {@code detail} from now on, whatever the loop reports.
     */
    public synchronized void fail(String detail) {
        failed = true;
        reading = new Reading(HealthStatus.DOWN, detail);
    }

    /** The current reading. */
    public synchronized Reading read() {
        return reading;
    }
}
