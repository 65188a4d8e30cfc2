package io.roistream.coordinator.training;

import java.util.Objects;

/**
 * The training state of one backbone, the value of the {@code training-state} store (key: backbone
 * id), stored as JSON.
 *
 * @param backboneId the backbone
 * @param round the number of triggers issued so far; the next trigger is number {@code round + 1}
 *     (see {@link io.roistream.coordinator.labels.MergedLabel} for how labels are counted per round)
 * @param newLabels usable labels new since the last trigger (counted in the current round)
 * @param firstNewLabelAt wall-clock time (epoch ms) at which the oldest of them was counted; null when there is none
 * @param inFlight the trigger waiting for its checkpoint; null when none is
 */
public record TrainingState(String backboneId, long round, int newLabels, Long firstNewLabelAt,
                            InFlightTraining inFlight) {

    /** Checks the backbone id. */
    public TrainingState {
        Objects.requireNonNull(backboneId, "backboneId");
    }

    /** The state of a backbone never seen before. */
    public static TrainingState initial(String backboneId) {
        return startingAfter(backboneId, 0);
    }

    /** The state of a backbone without a stored state whose triggers up to {@code round} exist already. */
    public static TrainingState startingAfter(String backboneId, long round) {
        return new TrainingState(backboneId, round, 0, null, null);
    }

    /** The state after the number of new labels changed by {@code delta} at {@code now}. */
    public TrainingState withNewLabels(int delta, long now) {
        int count = newLabels + delta;
        Long first = count <= 0 ? null : firstNewLabelAt == null ? Long.valueOf(now) : firstNewLabelAt;
        return new TrainingState(backboneId, round, Math.max(count, 0), first, inFlight);
    }

    /** The state after {@code trigger} was issued: a new round without new labels, the trigger in flight. */
    public TrainingState trainingStarted(InFlightTraining trigger) {
        return new TrainingState(backboneId, round + 1, 0, null, trigger);
    }

    /** The state after the checkpoint of the trigger in flight arrived. */
    public TrainingState released() {
        return new TrainingState(backboneId, round, newLabels, firstNewLabelAt, null);
    }

    /** The state after the trigger in flight was emitted again at {@code now}. */
    public TrainingState reEmitted(long now) {
        return new TrainingState(backboneId, round, newLabels, firstNewLabelAt, inFlight.reEmitted(now));
    }
}
