package io.roistream.trainer;

import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.TrainingTrigger;
import io.roistream.runtime.kafka.BatchProcessor;
import io.roistream.runtime.kafka.InputRecord;
import io.roistream.runtime.kafka.OutputRecord;
import io.roistream.schemas.Topics;
import io.roistream.schemas.TrainingTriggers;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's work on one trigger: announce the trigger's checkpoint again when it was already
 * published (a redelivery), otherwise read the label set, train, store the checkpoint and announce
 * it on {@code roi.checkpoints}, keyed by its version.
 */
public final class TriggerProcessor implements BatchProcessor.RecordProcessor<TrainingTrigger> {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerProcessor.class);

    private final RpnTraining training;
    private final LabelSetReader reader;
    private final CheckpointStore checkpoints;
    private final TrainerSettings settings;
    private final TrainerMetrics metrics;
    private final Clock clock;

    /** A processor training with {@code training} on label sets read by {@code reader} into {@code checkpoints}. */
    public TriggerProcessor(RpnTraining training, LabelSetReader reader, CheckpointStore checkpoints,
                            TrainerSettings settings, TrainerMetrics metrics, Clock clock) {
        this.training = training;
        this.reader = reader;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public List<OutputRecord<?>> process(InputRecord<TrainingTrigger> input) throws IOException {
        TrainingTrigger trigger = input.value();
        if (trigger == null) {
            throw new TrainingRejectedException("a training trigger without a value (tombstone) at " + input.coordinates());
        }
        if (TrainingTriggers.isManualRequest(trigger)) {
            // for the coordinator, not a training to run
            LOG.debug("skipping manual training request {}", trigger.getTriggerId());
            return List.of();
        }
        String version = CheckpointStore.version(trigger);
        if (!trigger.getBackboneId().equals(training.backboneId())) {
            throw new TrainingRejectedException("trigger " + trigger.getTriggerId() + " is for backbone "
                    + trigger.getBackboneId() + ", this trainer serves " + training.backboneId());
        }
        Optional<Checkpoint> published = checkpoints.published(trigger.getBackboneId(), version);
        if (published.isPresent()) {
            LOG.info("trigger {}: checkpoint {} was published before ({}), announced again", trigger.getTriggerId(),
                    version, published.get().getStatus());
            metrics.republished();
            return List.of(output(published.get()));
        }
        long started = System.nanoTime();
        // the samples are read on the transfer threads, a window ahead of the one the training computes
        LabelSetReader.PendingLabelSet labelSet = reader.start(trigger);
        Optional<RpnTraining.BaseCheckpoint> base = Optional.ofNullable(trigger.getBaseCheckpointVersion())
                .map(v -> checkpoints.base(trigger.getBackboneId(), v, settings.maxCheckpointBytes()));
        Instant now = clock.instant();
        TrainingOutcome outcome = training.train(labelSet.samples(), base, now.toEpochMilli());
        Checkpoint checkpoint = checkpoints.publish(trigger, withManifestCount(outcome, labelSet), now);
        double seconds = (System.nanoTime() - started) / 1e9;
        metrics.trained(checkpoint.getStatus() == CheckpointStatus.READY, checkpoint.getMetrics(), seconds);
        LOG.info("trigger {}: checkpoint {} {} in {} s, metrics {}", trigger.getTriggerId(), version,
                checkpoint.getStatus(), Math.round(seconds), checkpoint.getMetrics());
        return List.of(output(checkpoint));
    }

    /** The outcome with the manifest's label count (labels left out before training included). */
    private static TrainingOutcome withManifestCount(TrainingOutcome outcome, LabelSetReader.PendingLabelSet labelSet) {
        int count = labelSet.manifest().labelCount();
        Map<String, Double> figures = new LinkedHashMap<>(outcome.metrics());
        figures.put("labels", (double) count);
        figures.put("left_out_labels", (double) labelSet.leftOut());
        if (outcome instanceof TrainingOutcome.Trained t) {
            return new TrainingOutcome.Trained(t.checkpoint(), t.sha256(), figures, t.hyperParameters(), count);
        }
        TrainingOutcome.DataFailure f = (TrainingOutcome.DataFailure) outcome;
        return new TrainingOutcome.DataFailure(f.reason(), figures, f.hyperParameters(), count);
    }

    private static OutputRecord<Checkpoint> output(Checkpoint checkpoint) {
        return OutputRecord.of(Topics.CHECKPOINTS, checkpoint.getVersion(), checkpoint);
    }
}
