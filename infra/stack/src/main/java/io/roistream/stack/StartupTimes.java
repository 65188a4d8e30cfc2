package io.roistream.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How long the last {@code up} took.
 *
 * @param finishedAt when it returned
 * @param total from the call to the stack being ready with its topics and buckets
 * @param services time from launch to ready of each service that call started (services already
 *     running are absent)
 */
public record StartupTimes(Instant finishedAt, Duration total, Map<StackService, Duration> services) {

    /** Copies the map. */
    public StartupTimes {
        services = Map.copyOf(services);
    }
}
