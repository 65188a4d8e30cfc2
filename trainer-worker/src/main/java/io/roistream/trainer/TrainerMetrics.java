package io.roistream.trainer;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import io.roistream.runtime.metrics.WorkerMetrics;
import java.util.Map;

/**
 * The trainer's own Prometheus series, in the worker's registry: trainings by outcome, training
 * seconds, and the last run's validation figures.
 */
public final class TrainerMetrics {

    private final String stage;
    private final Counter trainings;
    private final Histogram trainingSeconds;
    private final Gauge validationLoss;
    private final Gauge validationTopCell;
    private final Gauge usableLabels;

    /** The series, registered in {@code metrics}' registry with its stage label. */
    public TrainerMetrics(WorkerMetrics metrics) {
        this.stage = metrics.stage();
        trainings = Counter.builder().name("roistream_trainer_trainings")
                .help("Training triggers handled, by outcome (ready, failed, republished)")
                .labelNames("stage", "outcome").register(metrics.registry());
        trainingSeconds = Histogram.builder().name("roistream_trainer_training_duration_seconds")
                .help("Wall time of a training run: label set read, features and optimisation").unit(Unit.SECONDS)
                .classicOnly().classicExponentialUpperBounds(1, 2, 14).labelNames("stage").register(metrics.registry());
        validationLoss = Gauge.builder().name("roistream_trainer_last_validation_loss")
                .help("Validation loss of the last READY checkpoint").labelNames("stage").register(metrics.registry());
        validationTopCell = Gauge.builder().name("roistream_trainer_last_validation_top_cell_in_foreground")
                .help("Share of validation labels whose top cell is foreground, last READY checkpoint")
                .labelNames("stage").register(metrics.registry());
        usableLabels = Gauge.builder().name("roistream_trainer_last_usable_labels")
                .help("Usable labels of the last training run").labelNames("stage").register(metrics.registry());
    }

    /** A run that produced a checkpoint event ({@code ready}: READY or FAILED) with {@code figures}, in {@code seconds}. */
    public void trained(boolean ready, Map<String, Double> figures, double seconds) {
        trainings.labelValues(stage, ready ? "ready" : "failed").inc();
        trainingSeconds.labelValues(stage).observe(seconds);
        set(usableLabels, figures.get("usable_labels"));
        if (ready) {
            set(validationLoss, figures.get("validation_loss"));
            set(validationTopCell, figures.get("validation_top_cell_in_foreground"));
        }
    }

    /** A trigger whose checkpoint was already published and was announced again without training. */
    public void republished() {
        trainings.labelValues(stage, "republished").inc();
    }

    private void set(Gauge gauge, Double value) {
        if (value != null) {
            gauge.labelValues(stage).set(value);
        }
    }
}
