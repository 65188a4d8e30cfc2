package io.roistream.coordinator.training;

import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import java.time.Instant;

/**
 * The trigger of a backbone waiting for its checkpoint: enough to emit it again unchanged.
 *
 * @param triggerId the trigger's id (its checkpoint carries it)
 * @param reason why it was issued ({@link TriggerReason} name)
 * @param manifestUri where its label set is stored
 * @param labelCount labels in the manifest
 * @param baseCheckpointVersion the checkpoint to continue from; null for none
 * @param createdAt when it was issued (epoch ms)
 * @param lastEmittedAt when it was last written to the trigger topic (wall clock, epoch ms)
 * @param emissions how many times it was written (1 until a timeout re-emits it)
 */
public record InFlightTraining(String triggerId, String reason, String manifestUri, int labelCount,
                               String baseCheckpointVersion, long createdAt, long lastEmittedAt, int emissions) {

    /** The in-flight record of {@code trigger}, emitted at {@code now}. */
    public static InFlightTraining of(TrainingTrigger trigger, long now) {
        return new InFlightTraining(trigger.getTriggerId(), trigger.getReason().name(), trigger.getManifestUri(),
                trigger.getLabelCount(), trigger.getBaseCheckpointVersion(), trigger.getCreatedAt().toEpochMilli(),
                now, 1);
    }

    /** The trigger as first emitted, for {@code backboneId}. */
    public TrainingTrigger toTrigger(String backboneId) {
        return TrainingTrigger.newBuilder().setTriggerId(triggerId).setBackboneId(backboneId)
                .setManifestUri(manifestUri).setLabelCount(labelCount).setReason(TriggerReason.valueOf(reason))
                .setBaseCheckpointVersion(baseCheckpointVersion).setCreatedAt(Instant.ofEpochMilli(createdAt)).build();
    }

    /** The same trigger, emitted once more at {@code now}. */
    public InFlightTraining reEmitted(long now) {
        return new InFlightTraining(triggerId, reason, manifestUri, labelCount, baseCheckpointVersion, createdAt, now,
                emissions + 1);
    }
}
