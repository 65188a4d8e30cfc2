package io.roistream.coordinator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What the coordinator does when a stream thread dies, a pure rule over an injectable clock: a
 * missing input topic stops the instance at once; otherwise the thread is replaced (it resumes from
 * its last commit, which rides out an object store that is down for a while), unless
 * {@link Limit#maxReplacements()} replacements already happened within the last {@link Limit#window()}:
 * then the failure repeats itself (the same record, the same punctuation) and the instance stops
 * (SHUTDOWN_CLIENT, Kafka Streams ends in ERROR, {@code /health} goes DOWN, the process exits 1), so
 * that an orchestrator restarts it or alerts instead of a silent crash loop. Thread-safe: every stream
 * thread reports here.
 */
public final class StreamThreadFailures {

    /**
     * How many stream-thread replacements are tolerated.
     *
     * @param maxReplacements {@code coordinator.thread-replacements.max}: replacements allowed within
     *     the window; the next failure stops the instance (0: the first failure does)
     * @param window {@code coordinator.thread-replacements.window}: how long a replacement counts
     */
    public record Limit(int maxReplacements, Duration window) {

        /** Checks the values. */
        public Limit {
            if (maxReplacements < 0) {
                throw new IllegalArgumentException("maxReplacements must be at least 0, not " + maxReplacements);
            }
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("window must be positive, not " + window);
            }
        }
    }

    /**
     * The response to one failure.
     *
     * @param response REPLACE_THREAD or SHUTDOWN_CLIENT
     * @param detail why, in words (for the log and {@code /health})
     */
    public record Verdict(StreamThreadExceptionResponse response, String detail) {

        /** Whether the instance stops. */
        public boolean shutdown() {
            return response == StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
    }

    private final Limit limit;
    private final LongSupplier clockMillis;
    private final Deque<Long> replacements = new ArrayDeque<>();

    /** The rule {@code limit}, with time read from {@code clockMillis} (monotonic milliseconds). */
    public StreamThreadFailures(Limit limit, LongSupplier clockMillis) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** The rule {@code limit} on the JVM's monotonic clock. */
    public static StreamThreadFailures onSystemClock(Limit limit) {
        return new StreamThreadFailures(limit, () -> System.nanoTime() / 1_000_000);
    }

    /** Decides what to do about {@code failure}, counting it as a replacement when the thread is replaced. */
    public synchronized Verdict onFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MissingSourceTopicException) {
                return new Verdict(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                        "an input topic is missing: " + failure);
            }
        }
        long now = clockMillis.getAsLong();
        long windowMillis = limit.window().toMillis();
        while (!replacements.isEmpty() && now - replacements.peekFirst() >= windowMillis) {
            replacements.removeFirst();
        }
        if (replacements.size() >= limit.maxReplacements()) {
            return new Verdict(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, "a stream thread failed again after "
                    + replacements.size() + " replacement(s) within " + limit.window()
                    + " (coordinator.thread-replacements.max " + limit.maxReplacements() + "): " + failure);
        }
        replacements.addLast(now);
        return new Verdict(StreamThreadExceptionResponse.REPLACE_THREAD, "a stream thread failed; replacement "
                + replacements.size() + " of at most " + limit.maxReplacements() + " within " + limit.window()
                + ": " + failure);
    }

    /** Replacements counted within the window ending at the clock's current time. */
    public synchronized int recentReplacements() {
        long now = clockMillis.getAsLong();
        return (int) replacements.stream().filter(at -> now - at < limit.window().toMillis()).count();
    }
}
