package io.roistream.stack;

/** What {@code down} or {@code stop} did to a service. */
public enum StopOutcome {
    /** No process of this stack ran it. */
    NOT_RUNNING,
    /** It exited after SIGTERM. */
    STOPPED,
    /** It ignored SIGTERM for the grace period and was killed. */
    KILLED
}
