package io.roistream.coordinator.training;

import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;

/**
 * What the training processor receives, keyed by backbone id: a label, a manual request, or a
 * trigger the trainer dead-lettered.
 */
public sealed interface TrainingInput {

    /**
     * A pseudo-label from {@code roi.pseudo-labels}.
     *
     * @param label the label
     */
    record LabelArrived(PseudoLabel label) implements TrainingInput {
    }

    /**
     * A manual training request (see {@link ManualTrigger}).
     *
     * @param request the request
     */
    record ManualRequest(TrainingTrigger request) implements TrainingInput {
    }

    /**
     * A trigger that a trainer could not process and wrote to {@code roi.dead-letters} (see
     * {@link DeadTriggers}): no checkpoint will answer it.
     *
     * @param triggerId the trigger
     * @param reason the dead letter's error message
     */
    record TrainingFailed(String triggerId, String reason) implements TrainingInput {
    }
}
