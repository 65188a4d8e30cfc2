package io.roistream.labeler;

import io.prometheus.metrics.core.metrics.Counter;
import io.roistream.events.DropReason;
import io.roistream.events.PseudoLabel;
import io.roistream.runtime.metrics.WorkerMetrics;

/**
 * The labeler's own metrics, next to the loop's in the same registry: pseudo-labels made, kept
 * ({@code roistream_labels_kept_total}) and dropped by reason ({@code roistream_labels_dropped_total}).
 * They count labels as they are made; a batch that is retried after a transient failure is counted
 * again, so they can run slightly ahead of what was committed to {@code roi.pseudo-labels}
 * (the loop's {@code roistream_records_out_total} counts commits).
 */
public final class LabelCounters {

    private final String stage;
    private final Counter kept;
    private final Counter dropped;

    /** Registers the counters in {@code metrics}' registry. */
    public LabelCounters(WorkerMetrics metrics) {
        this.stage = metrics.stage();
        this.kept = Counter.builder().name("roistream_labels_kept").help("Pseudo-labels made and kept for training")
            .labelNames("stage").register(metrics.registry());
        this.dropped = Counter.builder().name("roistream_labels_dropped")
            .help("Pseudo-labels made and dropped, by reason").labelNames("stage", "reason").register(metrics.registry());
    }

    /** Counts one label. */
    public void count(PseudoLabel label) {
        DropReason reason = label.getDropReason();
        if (reason == null) {
            kept.labelValues(stage).inc();
        } else {
            dropped.labelValues(stage, reason.name()).inc();
        }
    }

    /** Labels kept so far. */
    public double kept() {
        return kept.labelValues(stage).get();
    }

    /** Labels dropped so far for {@code reason}. */
    public double dropped(DropReason reason) {
        return dropped.labelValues(stage, reason.name()).get();
    }
}
