package io.roistream.runtime.metrics;

/** Whether a worker is doing its job. */
public enum HealthStatus {
    /** The processing loop is running. */
    UP,
    /** The processing loop has not started, has stopped or has failed. */
    DOWN
}
