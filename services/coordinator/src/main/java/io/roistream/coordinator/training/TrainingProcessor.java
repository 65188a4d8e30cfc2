package io.roistream.coordinator.training;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.coordinator.checkpoints.CheckpointCatalog;
import io.roistream.coordinator.labels.LabelKey;
import io.roistream.coordinator.labels.LabelMerge;
import io.roistream.coordinator.labels.MergedLabel;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.runtime.manifest.LabelManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges labels into the label set and issues training triggers, for the backbones of its
 * partition (inputs are keyed by backbone id):
 * <ul>
 *   <li>a label is merged by {@link LabelMerge} into the {@code label-set} store and changes the
 *       backbone's count of new usable labels in the {@code training-state} store;</li>
 *   <li>a trigger is issued when {@link TrainingPolicy#due} says so (checked on every label and on a
 *       wall-clock punctuation every {@code checkInterval}) or on a manual request: its manifest
 *       (every usable label of the backbone) is stored first, then the trigger is forwarded;</li>
 *   <li>while a trigger is in flight no other is issued for the backbone; the
 *       {@link CheckpointCatalog} showing a checkpoint (READY or FAILED) for its trigger id releases
 *       it, so does a trainer's dead letter of the trigger, and a trigger unanswered for
 *       {@code inFlightTimeout} is emitted again.</li>
 * </ul>
 * Inputs arrive checked ({@link TrainingInputChecks}); a training state stored before that check
 * existed, for a backbone id that cannot name a trigger, is skipped by the punctuation with an error.
 */
final class TrainingProcessor implements Processor<String, TrainingInput, String, TrainingTrigger> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingProcessor.class);

    private final TrainingPolicy policy;
    private final ManifestStore manifests;
    private final CoordinatorMetrics metrics;
    private final Set<String> unusableBackbones = new HashSet<>();
    private ProcessorContext<String, TrainingTrigger> context;
    private KeyValueStore<String, MergedLabel> labels;
    private KeyValueStore<String, TrainingState> states;
    private CheckpointCatalog catalog;

    TrainingProcessor(TrainingPolicy policy, ManifestStore manifests, CoordinatorMetrics metrics) {
        this.policy = policy;
        this.manifests = manifests;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, TrainingTrigger> processorContext) {
        context = processorContext;
        labels = context.getStateStore(TrainingTopology.LABEL_SET_STORE);
        states = context.getStateStore(TrainingTopology.TRAINING_STATE_STORE);
        catalog = CheckpointCatalog.of(context);
        context.schedule(policy.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkEveryBackbone);
    }

    @Override
    public void process(Record<String, TrainingInput> record) {
        long now = context.currentSystemTimeMs();
        TrainingInput input = record.value();
        if (input instanceof TrainingInput.LabelArrived arrived) {
            merge(arrived.label(), now);
        } else if (input instanceof TrainingInput.ManualRequest manual) {
            onManualRequest(manual.request(), now);
        } else if (input instanceof TrainingInput.TrainingFailed failed) {
            onTrainingFailed(record.key(), failed);
        }
    }

    /** A dead-lettered trigger releases its backbone when it is the one in flight. */
    private void onTrainingFailed(String backboneId, TrainingInput.TrainingFailed failed) {
        TrainingState before = stateOf(backboneId);
        InFlightTraining inFlight = before.inFlight();
        if (inFlight == null || !inFlight.triggerId().equals(failed.triggerId())) {
            LOG.info("Dead-lettered trigger {} of {} is not in flight: nothing to release", failed.triggerId(), backboneId);
            return;
        }
        LOG.warn("Trigger {} was dead-lettered by the trainer ({}): {} may train again", failed.triggerId(),
                failed.reason(), backboneId);
        metrics.trainingReleased(CheckpointStatus.FAILED);
        save(before, before.released());
    }

    private void merge(PseudoLabel label, long now) {
        TrainingState before = stateOf(label.getBackboneId());
        String key = LabelKey.of(label);
        LabelMerge.Result merged = LabelMerge.merge(labels.get(key), label, before.round());
        metrics.labelMerged(merged.outcome());
        if (merged.changed()) {
            labels.put(key, merged.merged());
        }
        save(before, advance(before.withNewLabels(merged.newLabelDelta(), now), now));
    }

    private void onManualRequest(TrainingTrigger request, long now) {
        String backboneId = request.getBackboneId();
        if (policy.manualRequestStale(request.getCreatedAt(), now)) {
            LOG.warn("Manual training request {} for {} ignored: made at {}, more than {} ago", request.getTriggerId(),
                    backboneId, request.getCreatedAt(), policy.manualRequestMaxAge());
            metrics.manualRequestIgnored("stale");
            return;
        }
        TrainingState before = stateOf(backboneId);
        TrainingState state = settle(before, now);
        if (state.inFlight() != null) {
            LOG.warn("Manual training request {} for {} ignored: trigger {} is in flight", request.getTriggerId(),
                    backboneId, state.inFlight().triggerId());
            metrics.manualRequestIgnored("in_flight");
        } else {
            List<PseudoLabel> usable = usableLabels(backboneId);
            if (usable.isEmpty()) {
                LOG.warn("Manual training request {} for {} ignored: no usable label", request.getTriggerId(),
                        backboneId);
                metrics.manualRequestIgnored("no_labels");
            } else {
                state = issue(state, TriggerReason.MANUAL, usable, now);
            }
        }
        save(before, state);
    }

    private void checkEveryBackbone(long now) {
        List<TrainingState> all = new ArrayList<>();
        try (KeyValueIterator<String, TrainingState> iterator = states.all()) {
            iterator.forEachRemaining(entry -> all.add(entry.value));
        }
        for (TrainingState state : all) {
            Optional<IllegalArgumentException> problem = TrainingInputChecks.backboneProblem(state.backboneId());
            if (problem.isPresent()) {
                // stored before labels were checked (TrainingTopology dead-letters them now): issuing its
                // trigger would fail the stream thread on every punctuation
                if (unusableBackbones.add(state.backboneId())) {
                    LOG.error("The training state of a backbone that cannot be trained is skipped (its labels stay in the "
                            + "label set; delete them or fix the producer): {}", problem.get().getMessage());
                }
                continue;
            }
            save(state, advance(state, now));
        }
    }

    /** Settles the trigger in flight, then issues the trigger the policy says is due. */
    private TrainingState advance(TrainingState state, long now) {
        TrainingState settled = settle(state, now);
        Optional<TriggerReason> due = policy.due(settled, now);
        return due.isPresent() ? issue(settled, due.get(), usableLabels(settled.backboneId()), now) : settled;
    }

    /** Releases the trigger in flight once a checkpoint answers it, or emits it again once it timed out. */
    private TrainingState settle(TrainingState state, long now) {
        InFlightTraining inFlight = state.inFlight();
        if (inFlight == null) {
            return state;
        }
        Optional<Checkpoint> answer = catalog.answering(inFlight.triggerId());
        if (answer.isPresent()) {
            LOG.info("Trigger {} answered by checkpoint {} ({}): {} may train again", inFlight.triggerId(),
                    answer.get().getVersion(), answer.get().getStatus(), state.backboneId());
            metrics.trainingReleased(answer.get().getStatus());
            return state.released();
        }
        if (policy.abandoned(inFlight, now)) {
            LOG.error("Trigger {} unanswered after {} emissions: abandoned, {} may train again", inFlight.triggerId(),
                    inFlight.emissions(), state.backboneId());
            metrics.triggerAbandoned();
            return state.released();
        }
        if (policy.reEmitDue(inFlight, now)) {
            LOG.warn("Trigger {} unanswered for {}: emitting it again (emission {})", inFlight.triggerId(),
                    policy.inFlightTimeout(), inFlight.emissions() + 1);
            context.forward(new Record<>(inFlight.triggerId(), inFlight.toTrigger(state.backboneId()), now));
            metrics.triggerReEmitted();
            return state.reEmitted(now);
        }
        return state;
    }

    /** Stores the manifest of {@code usable}, forwards the trigger, and marks it in flight. */
    private TrainingState issue(TrainingState state, TriggerReason reason, List<PseudoLabel> usable, long now) {
        String backboneId = state.backboneId();
        String triggerId = TriggerIds.of(backboneId, state.round() + 1);
        String base = catalog.latestReady(backboneId).map(Checkpoint::getVersion).orElse(null);
        Instant createdAt = Instant.ofEpochMilli(now);
        String manifestUri = manifests.store(new LabelManifest(triggerId, backboneId, reason, base, createdAt, usable));
        TrainingTrigger trigger = TrainingTrigger.newBuilder().setTriggerId(triggerId).setBackboneId(backboneId)
                .setManifestUri(manifestUri).setLabelCount(usable.size()).setReason(reason)
                .setBaseCheckpointVersion(base).setCreatedAt(createdAt).build();
        context.forward(new Record<>(triggerId, trigger, now));
        metrics.triggered(reason);
        LOG.info("Trigger {} ({}): {} labels of {} ({} new), base checkpoint {}, manifest {}", triggerId, reason,
                usable.size(), backboneId, state.newLabels(), base, manifestUri);
        return state.trainingStarted(InFlightTraining.of(trigger, now));
    }

    private List<PseudoLabel> usableLabels(String backboneId) {
        List<PseudoLabel> usable = new ArrayList<>();
        try (KeyValueIterator<String, MergedLabel> entries =
                     labels.prefixScan(LabelKey.backbonePrefix(backboneId), new StringSerializer())) {
            entries.forEachRemaining(entry -> {
                if (entry.value.usable()) {
                    usable.add(entry.value.label());
                }
            });
        }
        return usable;
    }

    /**
     * The stored state of {@code backboneId}; without one (a backbone never seen, or state lost to an
     * application reset), a state whose next trigger comes after every trigger a checkpoint answers,
     * so that a new trigger never takes an old one's id (and overwrites its manifest and checkpoint).
     */
    private TrainingState stateOf(String backboneId) {
        TrainingState state = states.get(backboneId);
        return state != null ? state
                : TrainingState.startingAfter(backboneId,
                        catalog.lastAnsweredTriggerNumber(TriggerIds.prefix(backboneId)));
    }

    private void save(TrainingState before, TrainingState after) {
        if (!after.equals(before)) {
            states.put(after.backboneId(), after);
        }
    }
}
