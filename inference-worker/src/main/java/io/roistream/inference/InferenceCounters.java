package io.roistream.inference;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import io.roistream.events.AnswerMode;
import io.roistream.events.RoiAnswer;
import io.roistream.runtime.metrics.WorkerMetrics;

/**
 * The inference worker's own metrics, next to the loop's in the same registry: answers made by mode
 * ({@code roistream_answers_total{mode}}), the seconds of each phase of an answer
 * ({@code roistream_answer_phase_seconds{phase}}: queue, rpn, crop_encode, answer, total),
 * checkpoint loads and refusals ({@code roistream_checkpoint_loads_total},
 * {@code roistream_checkpoint_refusals_total}) and the versions loaded now
 * ({@code roistream_checkpoints_loaded}), events of {@code roi.checkpoints} skipped as unreadable
 * ({@code roistream_checkpoint_events_unreadable_total}). Answers are counted as they are made: a batch retried
 * after a transient failure is counted again (the loop's {@code roistream_records_out_total} counts
 * commits).
 */
public final class InferenceCounters implements CheckpointCache.Observer {

    private final String stage;
    private final Counter answers;
    private final Histogram phases;
    private final Counter loads;
    private final Counter refusals;
    private final Gauge loaded;
    private final Counter unreadableCheckpointEvents;

    /** Registers the metrics in {@code metrics}' registry. */
    public InferenceCounters(WorkerMetrics metrics) {
        this.stage = metrics.stage();
        this.answers = Counter.builder().name("roistream_answers").help("Answers made, by mode")
            .labelNames("stage", "mode").register(metrics.registry());
        this.phases = Histogram.builder().name("roistream_answer_phase_seconds")
            .help("Seconds of each phase of an answer (queue, rpn, crop_encode, answer, total)").unit(Unit.SECONDS)
            .classicOnly().classicExponentialUpperBounds(0.001, 2, 16).labelNames("stage", "phase")
            .register(metrics.registry());
        this.loads = Counter.builder().name("roistream_checkpoint_loads").help("RPN checkpoints loaded")
            .labelNames("stage").register(metrics.registry());
        this.refusals = Counter.builder().name("roistream_checkpoint_refusals")
            .help("RPN checkpoints refused (missing, tampered, foreign)").labelNames("stage")
            .register(metrics.registry());
        this.loaded = Gauge.builder().name("roistream_checkpoints_loaded").help("RPN checkpoint versions loaded now")
            .labelNames("stage").register(metrics.registry());
        this.unreadableCheckpointEvents = Counter.builder().name("roistream_checkpoint_events_unreadable")
            .help("Events of roi.checkpoints skipped because they do not deserialize").labelNames("stage")
            .register(metrics.registry());
    }

    /** Counts one event of {@code roi.checkpoints} skipped as unreadable. */
    public void unreadableCheckpointEvent() {
        unreadableCheckpointEvents.labelValues(stage).inc();
    }

    /** Events of {@code roi.checkpoints} skipped as unreadable so far. */
    public double unreadableCheckpointEvents() {
        return unreadableCheckpointEvents.labelValues(stage).get();
    }

    /** Counts one answer and observes its phases. */
    public void count(RoiAnswer answer) {
        answers.labelValues(stage, answer.getMode().name()).inc();
        observe("queue", answer.getLatency().getQueueMs());
        observe("rpn", answer.getLatency().getRpnMs());
        observe("crop_encode", answer.getLatency().getCropEncodeMs());
        observe("answer", answer.getLatency().getAnswerMs());
        observe("total", answer.getLatency().getTotalMs());
    }

    /** Sets the number of versions loaded now. */
    public void loadedVersions(int count) {
        loaded.labelValues(stage).set(count);
    }

    @Override
    public void loaded(String version) {
        loads.labelValues(stage).inc();
    }

    @Override
    public void refused(String version) {
        refusals.labelValues(stage).inc();
    }

    /** Answers made so far in {@code mode}. */
    public double answers(AnswerMode mode) {
        return answers.labelValues(stage, mode.name()).get();
    }

    /** Checkpoints loaded so far. */
    public double loads() {
        return loads.labelValues(stage).get();
    }

    /** Checkpoints refused so far. */
    public double refusals() {
        return refusals.labelValues(stage).get();
    }

    private void observe(String phase, double millis) {
        phases.labelValues(stage, phase).observe(millis / 1000.0);
    }
}
