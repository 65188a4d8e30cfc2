package io.roistream.trainer;

import java.util.Map;
import java.util.Objects;

/** What a training run produced: a checkpoint file, or a failure the data explains. */
public sealed interface TrainingOutcome permits TrainingOutcome.Trained, TrainingOutcome.DataFailure {

    /** Figures of the run (labels used, losses, seconds...). */
    Map<String, Double> metrics();

    /** Settings of the run, and {@code failure} when it failed. */
    Map<String, String> hyperParameters();

    /** Labels the run was given. */
    int labelCount();

    /**
     * A trained checkpoint.
     *
     * @param checkpoint the {@code RpnCheckpoint} file
     * @param sha256 its lower-case hex SHA-256
     * @param metrics training and validation figures
     * @param hyperParameters training settings
     * @param labelCount labels in the label set
     */
    record Trained(byte[] checkpoint, String sha256, Map<String, Double> metrics,
                   Map<String, String> hyperParameters, int labelCount) implements TrainingOutcome {
        /** Copies the maps. */
        public Trained {
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(sha256, "sha256");
            metrics = Map.copyOf(metrics);
            hyperParameters = Map.copyOf(hyperParameters);
        }
    }

    /**
     * Training ran but the data did not let it produce a usable checkpoint (too few usable labels,
     * a loss that is not finite).
     *
     * @param reason why, in words
     * @param metrics the figures measured so far
     * @param hyperParameters training settings, with {@code failure} = {@code reason}
     * @param labelCount labels in the label set
     */
    record DataFailure(String reason, Map<String, Double> metrics, Map<String, String> hyperParameters,
                       int labelCount) implements TrainingOutcome {
        /** Copies the maps. */
        public DataFailure {
            Objects.requireNonNull(reason, "reason");
            metrics = Map.copyOf(metrics);
            hyperParameters = Map.copyOf(hyperParameters);
        }
    }
}
