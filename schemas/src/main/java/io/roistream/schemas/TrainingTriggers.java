package io.roistream.schemas;

import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;

/**
 * The one rule about {@code roi.training-triggers} that its fields do not say: a trigger with
 * reason MANUAL and an <em>empty</em> {@code manifestUri} is a manual request for the coordinator
 * (which answers it with a real trigger carrying a manifest), not a training for trainers to run.
 */
public final class TrainingTriggers {

    private TrainingTriggers() {
    }

    /** Whether {@code trigger} is a manual request for the coordinator, which trainers skip. */
    public static boolean isManualRequest(TrainingTrigger trigger) {
        return trigger.getReason() == TriggerReason.MANUAL && trigger.getManifestUri().isEmpty();
    }
}
