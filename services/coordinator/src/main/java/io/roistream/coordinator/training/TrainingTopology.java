package io.roistream.coordinator.training;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.coordinator.checkpoints.CheckpointCatalog;
import io.roistream.coordinator.errors.RejectedInputs;
import io.roistream.coordinator.labels.MergedLabelSerde;
import io.roistream.coordinator.state.JsonSerde;
import io.roistream.events.DeadLetter;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.schemas.TrainingTriggers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Label merging and training triggers:
 * <pre>
 * roi.pseudo-labels (key sampleId) ── check ── re-key by backboneId ── labels-by-backbone ─────────┐
 * roi.training-triggers ── manual requests only ── check ── re-key ── manual-requests-by-backbone ──┤
 * roi.dead-letters ── trainers' letters of triggers ── re-key ── failed-trainings-by-backbone ──────┴─►
 *   merge-labels-and-trigger-training [label-set, training-state; reads checkpoint-catalog]
 *   ── roi.training-triggers (key triggerId)             manifests ─► s3://manifests/...
 * (check: records refused by {@link TrainingInputChecks} ── roi.dead-letters, REJECTED)
 * </pre>
 * Labels are re-keyed by backbone so that a backbone's whole label set lives in one task and can
 * be scanned for its manifest; both re-keyed topics have {@link TrainingPolicy#partitions()}
 * partitions, so a backbone's labels and requests meet in the same task. See
 * {@link TrainingProcessor} for the rules and {@link ManualTrigger} for manual requests. Labels and
 * requests are checked first ({@link TrainingInputChecks}): one whose backbone id could not name a
 * trigger or its manifest would otherwise fail the stream thread on every retry once its trigger
 * falls due; it goes to {@code roi.dead-letters} instead ({@link RejectedInputs}) and nothing else
 * sees it.
 */
public final class TrainingTopology {

    /** The label set: {@link io.roistream.coordinator.labels.LabelKey} to {@link io.roistream.coordinator.labels.MergedLabel}. */
    public static final String LABEL_SET_STORE = "label-set";
    /** Training state per backbone: backbone id to {@link TrainingState} (JSON). */
    public static final String TRAINING_STATE_STORE = "training-state";
    /** The repartition of labels by backbone id. */
    public static final String LABELS_BY_BACKBONE = "labels-by-backbone";
    /** The repartition of manual requests by backbone id. */
    public static final String MANUAL_REQUESTS_BY_BACKBONE = "manual-requests-by-backbone";
    /** The repartition of dead-lettered training triggers by backbone id. */
    public static final String FAILED_TRAININGS_BY_BACKBONE = "failed-trainings-by-backbone";
    /** The split of labels into rejected and accepted ones ({@link TrainingInputChecks#labelProblem}). */
    public static final String CHECK_LABELS = "check-labels-";
    /** The split of manual requests into rejected and accepted ones ({@link TrainingInputChecks#requestProblem}). */
    public static final String CHECK_REQUESTS = "check-manual-requests-";
    /** The processor merging labels and issuing triggers. */
    public static final String PROCESSOR = "merge-labels-and-trigger-training";

    private static final String REJECTED = "rejected";
    private static final String ACCEPTED = "accepted";

    private TrainingTopology() {
    }

    /** The training topology alone, with the checkpoint catalogue it reads. */
    public static Topology buildTopology(TrainingPolicy policy, Map<String, ?> serdeConfig, ManifestStore manifests,
                                         CoordinatorMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        CheckpointCatalog.addTo(builder, serdeConfig);
        addTo(builder, policy, serdeConfig, manifests, metrics);
        return builder.build();
    }

    /** Adds label merging and training triggers to {@code builder}, which must hold the {@link CheckpointCatalog}. */
    public static void addTo(StreamsBuilder builder, TrainingPolicy policy, Map<String, ?> serdeConfig,
                             ManifestStore manifests, CoordinatorMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LABEL_SET_STORE),
                Serdes.String(), new MergedLabelSerde(Topics.PSEUDO_LABELS.valueSerde(serdeConfig))));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRAINING_STATE_STORE),
                Serdes.String(), new JsonSerde<>(TrainingState.class)));

        Map<String, KStream<String, PseudoLabel>> checkedLabels = builder
                .stream(Topics.PSEUDO_LABELS.name(), Topics.PSEUDO_LABELS.consumed(serdeConfig).withName("pseudo-labels-source"))
                .filter((sampleId, label) -> label != null, Named.as("skip-label-tombstones"))
                .split(Named.as(CHECK_LABELS))
                .branch((sampleId, label) -> TrainingInputChecks.labelProblem(label).isPresent(), Branched.as(REJECTED))
                .defaultBranch(Branched.as(ACCEPTED));
        deadLetter(checkedLabels.get(CHECK_LABELS + REJECTED), Topics.PSEUDO_LABELS, TrainingInputChecks::labelProblem,
                "dead-letter-rejected-labels", serdeConfig, metrics);
        KStream<String, TrainingInput> labels = checkedLabels.get(CHECK_LABELS + ACCEPTED)
                .selectKey((sampleId, label) -> label.getBackboneId(), Named.as("key-labels-by-backbone"))
                .repartition(Repartitioned.<String, PseudoLabel>as(LABELS_BY_BACKBONE).withKeySerde(Serdes.String())
                        .withValueSerde(Topics.PSEUDO_LABELS.valueSerde(serdeConfig))
                        .withNumberOfPartitions(policy.partitions()))
                .mapValues(TrainingInput.LabelArrived::new, Named.as("label-as-training-input"));

        Map<String, KStream<String, TrainingTrigger>> checkedRequests = builder
                .stream(Topics.TRAINING_TRIGGERS.name(),
                        Topics.TRAINING_TRIGGERS.consumed(serdeConfig).withName("training-triggers-source"))
                .filter((id, trigger) -> trigger != null && TrainingTriggers.isManualRequest(trigger),
                        Named.as("keep-manual-requests"))
                .split(Named.as(CHECK_REQUESTS))
                .branch((id, request) -> TrainingInputChecks.requestProblem(request).isPresent(), Branched.as(REJECTED))
                .defaultBranch(Branched.as(ACCEPTED));
        deadLetter(checkedRequests.get(CHECK_REQUESTS + REJECTED), Topics.TRAINING_TRIGGERS,
                TrainingInputChecks::requestProblem, "dead-letter-rejected-manual-requests", serdeConfig, metrics);
        KStream<String, TrainingInput> manualRequests = checkedRequests.get(CHECK_REQUESTS + ACCEPTED)
                .selectKey((id, request) -> request.getBackboneId(), Named.as("key-manual-requests-by-backbone"))
                .repartition(Repartitioned.<String, TrainingTrigger>as(MANUAL_REQUESTS_BY_BACKBONE)
                        .withKeySerde(Serdes.String()).withValueSerde(Topics.TRAINING_TRIGGERS.valueSerde(serdeConfig))
                        .withNumberOfPartitions(policy.partitions()))
                .mapValues(TrainingInput.ManualRequest::new, Named.as("request-as-training-input"));

        DeadTriggers dead = new DeadTriggers(serdeConfig);
        KStream<String, TrainingInput> failedTrainings = builder
                .stream(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.consumed(serdeConfig).withName("dead-letters-source"))
                .flatMap((coordinates, letter) -> dead.trigger(letter)
                        .map(trigger -> List.of(KeyValue.pair(trigger.getBackboneId(), letter))).orElse(List.of()),
                        Named.as("key-dead-triggers-by-backbone"))
                .repartition(Repartitioned.<String, DeadLetter>as(FAILED_TRAININGS_BY_BACKBONE)
                        .withKeySerde(Serdes.String()).withValueSerde(Topics.DEAD_LETTERS.valueSerde(serdeConfig))
                        .withNumberOfPartitions(policy.partitions()))
                .flatMapValues(letter -> dead.trigger(letter).<List<TrainingInput>>map(trigger -> List.of(
                        new TrainingInput.TrainingFailed(trigger.getTriggerId(), letter.getErrorMessage())))
                        .orElse(List.of()), Named.as("dead-trigger-as-training-input"));

        labels.merge(manualRequests, Named.as("training-inputs"))
                .merge(failedTrainings, Named.as("training-inputs-and-failures"))
                .process(() -> new TrainingProcessor(policy, manifests, metrics), Named.as(PROCESSOR),
                        LABEL_SET_STORE, TRAINING_STATE_STORE)
                .to(Topics.TRAINING_TRIGGERS.name(),
                        Topics.TRAINING_TRIGGERS.produced(serdeConfig).withName("training-triggers-sink"));
    }

    /** Writes the records of {@code rejected} to {@code roi.dead-letters}, through processor {@code name}. */
    private static <V> void deadLetter(KStream<String, V> rejected, Topic<String, V> topic,
                                       Function<V, Optional<IllegalArgumentException>> check, String name,
                                       Map<String, ?> serdeConfig, CoordinatorMetrics metrics) {
        rejected.process(() -> new RejectedInputs<>(topic, serdeConfig, check, metrics), Named.as(name))
                .to(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.produced(serdeConfig).withName(name + "-sink"));
    }
}
