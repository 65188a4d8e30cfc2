package io.roistream.coordinator.training;

import io.roistream.coordinator.labels.LabelKey;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;
import java.util.Optional;

/**
 * What a pseudo-label or a manual training request must satisfy before the coordinator keys it by
 * backbone and stores it: its backbone id must name trigger ids and manifest objects
 * ({@link TriggerIds#checkBackboneId}, i.e. the rules of {@code LabelManifest} and {@code ObjectRef}:
 * not blank, no leading {@code /}, no control character, an object key of at most 1024 bytes), and a
 * label's ids must make a label-set key of its own ({@link LabelKey#check}). The rules live in that
 * code; this class only applies them. A record that fails would otherwise stop the stream thread
 * when its trigger is issued, on every retry: {@link TrainingTopology} dead-letters it instead.
 */
public final class TrainingInputChecks {

    private TrainingInputChecks() {
    }

    /** Why {@code label} cannot be accepted; empty when it can. */
    public static Optional<IllegalArgumentException> labelProblem(PseudoLabel label) {
        return problem(() -> {
            TriggerIds.checkBackboneId(label.getBackboneId());
            LabelKey.check(label);
        });
    }

    /** Why the manual training request {@code request} cannot be accepted; empty when it can. */
    public static Optional<IllegalArgumentException> requestProblem(TrainingTrigger request) {
        return backboneProblem(request.getBackboneId());
    }

    /** Why no trigger can be issued for {@code backboneId}; empty when one can. */
    public static Optional<IllegalArgumentException> backboneProblem(String backboneId) {
        return problem(() -> TriggerIds.checkBackboneId(backboneId));
    }

    private static Optional<IllegalArgumentException> problem(Runnable check) {
        try {
            check.run();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e);
        }
    }
}
