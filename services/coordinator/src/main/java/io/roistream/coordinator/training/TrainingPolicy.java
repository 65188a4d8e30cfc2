package io.roistream.coordinator.training;

import io.roistream.events.TriggerReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the coordinator orders training, a pure function of a backbone's {@link TrainingState} and
 * the wall-clock time.
 *
 * @param newLabels N: a COUNT trigger fires as soon as this many usable labels are new since the last trigger
 * @param timeMinNewLabels M: a TIME trigger fires when at least this many new labels exist and the
 *     oldest of them has waited {@code timeLimit}
 * @param timeLimit how long new labels may wait for training when there are fewer than N of them
 * @param inFlightTimeout how long a trigger may stay unanswered by a checkpoint before it is re-emitted
 * @param checkInterval how often (wall clock) time triggers, timeouts and checkpoint answers are checked
 * @param partitions partitions of the topics that re-key labels and manual requests by backbone
 * @param manualRequestMaxAge how old a manual request may be when it is read and still train: after an
 *     application reset the coordinator reads {@code roi.training-triggers} from its beginning, and
 *     requests made long ago must not start trainings nobody asks for now
 * @param maxEmissions how many times a trigger is written in all (the first time and the re-emissions
 *     after {@code inFlightTimeout}) before, still unanswered, it is abandoned and its backbone released
 */
public record TrainingPolicy(int newLabels, int timeMinNewLabels, Duration timeLimit, Duration inFlightTimeout,
                             Duration checkInterval, int partitions, Duration manualRequestMaxAge, int maxEmissions) {

    /** Checks the thresholds and durations. */
    public TrainingPolicy {
        if (newLabels < 1 || timeMinNewLabels < 1 || timeMinNewLabels > newLabels) {
            throw new IllegalArgumentException("need 1 <= M (" + timeMinNewLabels + ") <= N (" + newLabels + ")");
        }
        requirePositive(timeLimit, "timeLimit");
        requirePositive(inFlightTimeout, "inFlightTimeout");
        requirePositive(checkInterval, "checkInterval");
        requirePositive(manualRequestMaxAge, "manualRequestMaxAge");
        if (maxEmissions < 1) {
            throw new IllegalArgumentException("maxEmissions must be at least 1, not " + maxEmissions);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
    }

    /** The trigger due for {@code state} at wall-clock {@code now} (epoch ms), if any: never while one is in flight. */
    public Optional<TriggerReason> due(TrainingState state, long now) {
        if (state.inFlight() != null) {
            return Optional.empty();
        }
        if (state.newLabels() >= newLabels) {
            return Optional.of(TriggerReason.COUNT);
        }
        if (state.newLabels() >= timeMinNewLabels && state.firstNewLabelAt() != null
                && now - state.firstNewLabelAt() >= timeLimit.toMillis()) {
            return Optional.of(TriggerReason.TIME);
        }
        return Optional.empty();
    }

    /** Whether a manual request made at {@code createdAt} is too old to act on at wall-clock {@code now} (epoch ms). */
    public boolean manualRequestStale(Instant createdAt, long now) {
        return now - createdAt.toEpochMilli() > manualRequestMaxAge.toMillis();
    }

    /** Whether {@code inFlight} has waited {@code inFlightTimeout} since it was last emitted. */
    public boolean reEmitDue(InFlightTraining inFlight, long now) {
        return now - inFlight.lastEmittedAt() >= inFlightTimeout.toMillis();
    }

    /** Whether {@code inFlight}, timed out again, has been emitted {@code maxEmissions} times already. */
    public boolean abandoned(InFlightTraining inFlight, long now) {
        return reEmitDue(inFlight, now) && inFlight.emissions() >= maxEmissions;
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }
}
