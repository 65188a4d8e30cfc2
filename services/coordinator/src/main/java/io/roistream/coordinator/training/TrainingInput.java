package io.roistream.coordinator.training;

import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;

/** What the training processor receives, keyed by backbone id: a label or a manual request. */
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
}
