package io.roistream.trainer;

import io.roistream.model.rpn.RpnTrainer;
import io.roistream.runtime.config.Configuration;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How the trainer trains and what it accepts.
 *
 * @param training epochs, batch, learning rate, warm-up and shuffle seed of the RPN trainer
 * @param featureBatch samples per backbone pass when computing the frozen hidden states
 * @param readAhead most samples of a label set read (downloaded, decoded and held in memory) ahead of the
 *     one the training takes
 * @param validationShare share of the usable labels held back (seeded) for validation; 0 holds none back
 * @param minLabels fewest usable labels a run needs; a label set with fewer (but some) ends as a FAILED checkpoint
 * @param foregroundRatio overrides the backbone's foreground share of peak when deriving labels from maps
 * @param backgroundRatio overrides the background share of peak when deriving labels from maps
 * @param maxManifestBytes largest manifest object read
 * @param maxImageBytes largest image object read
 * @param maxMapsBytes largest maps object read
 * @param maxCheckpointBytes largest base checkpoint read
 */
public record TrainerSettings(RpnTrainer.Options training, int featureBatch, int readAhead, double validationShare,
                              int minLabels,
                              OptionalDouble foregroundRatio, OptionalDouble backgroundRatio,
                              long maxManifestBytes, long maxImageBytes, long maxMapsBytes, long maxCheckpointBytes) {

    /** Defaults of every key {@link #fromConfiguration} reads (the label ratios default to the backbone's). */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("trainer.epochs", "4"),
            Map.entry("trainer.batch", "32"),
            Map.entry("trainer.learning-rate", "1e-3"),
            Map.entry("trainer.warmup-share", "0.05"),
            Map.entry("trainer.seed", "17"),
            Map.entry("trainer.feature-batch", "16"),
            Map.entry("trainer.read-ahead", "64"),
            Map.entry("trainer.validation-share", "0.1"),
            Map.entry("trainer.min-labels", "2"),
            Map.entry("trainer.max-manifest-bytes", "64MiB"),
            Map.entry("trainer.max-image-bytes", "32MiB"),
            Map.entry("trainer.max-maps-bytes", "4MiB"),
            Map.entry("trainer.max-checkpoint-bytes", "512MiB"));

    /** Checks the numbers. */
    public TrainerSettings {
        if (featureBatch < 1 || readAhead < 1 || minLabels < 1 || validationShare < 0 || validationShare >= 1) {
            throw new IllegalArgumentException("bad trainer settings: feature batch " + featureBatch + ", read-ahead "
                    + readAhead + ", min labels " + minLabels + ", validation share " + validationShare);
        }
    }

    /** The defaults, as {@link #fromConfiguration} reads them without overrides. */
    public static TrainerSettings defaults() {
        return new TrainerSettings(RpnTrainer.Options.defaults(), 16, 64, 0.1, 2, OptionalDouble.empty(),
                OptionalDouble.empty(), 64L << 20, 32L << 20, 4L << 20, 512L << 20);
    }

    /** The same settings with other training options. */
    public TrainerSettings withTraining(RpnTrainer.Options other) {
        return new TrainerSettings(other, featureBatch, readAhead, validationShare, minLabels, foregroundRatio,
                backgroundRatio, maxManifestBytes, maxImageBytes, maxMapsBytes, maxCheckpointBytes);
    }

    /**
     * Reads the {@code trainer.*} keys of {@link #DEFAULTS}, and the optional
     * {@code trainer.labels.foreground-ratio} and {@code trainer.labels.background-ratio}.
     */
    public static TrainerSettings fromConfiguration(Configuration config) {
        RpnTrainer.Options training = new RpnTrainer.Options(config.integerAtLeast("trainer.epochs", 1),
                config.integerAtLeast("trainer.batch", 1), (float) config.doubleValue("trainer.learning-rate"),
                config.doubleValue("trainer.warmup-share"), config.longValue("trainer.seed"));
        return new TrainerSettings(training, config.integerAtLeast("trainer.feature-batch", 1),
                config.integerAtLeast("trainer.read-ahead", 1),
                config.doubleValue("trainer.validation-share"), config.integerAtLeast("trainer.min-labels", 1),
                optionalDouble(config, "trainer.labels.foreground-ratio"),
                optionalDouble(config, "trainer.labels.background-ratio"),
                config.byteSize("trainer.max-manifest-bytes"), config.byteSize("trainer.max-image-bytes"),
                config.byteSize("trainer.max-maps-bytes"), config.byteSize("trainer.max-checkpoint-bytes"));
    }

    private static OptionalDouble optionalDouble(Configuration config, String key) {
        return config.optionalString(key).isPresent() ? OptionalDouble.of(config.doubleValue(key)) : OptionalDouble.empty();
    }
}
