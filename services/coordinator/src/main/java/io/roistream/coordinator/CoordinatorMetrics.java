package io.roistream.coordinator;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.roistream.coordinator.labels.LabelMerge;
import io.roistream.events.AnswerMode;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.TriggerReason;
import io.roistream.runtime.metrics.WorkerMetrics;
import java.util.Locale;

/**
 * The coordinator's Prometheus metrics, in the registry of its {@link WorkerMetrics} (stage
 * {@value #STAGE}) that {@code /metrics} serves. Every series carries the {@code stage} label.
 * <ul>
 *   <li>{@code roistream_question_answer_latency_seconds{mode}}: histogram, from a question's
 *       {@code createdAt} to its answer's arrival on {@code roi.answers} (the answer record's timestamp);</li>
 *   <li>{@code roistream_answers_unmatched_total}: answers whose question was not seen (or already answered, or
 *       older than the question retention);</li>
 *   <li>{@code roistream_questions_routed_total{routing}}: {@code checkpoint} (pinned) or {@code plain};</li>
 *   <li>{@code roistream_labels_merged_total{outcome}}: added, replaced, duplicate, outdated;</li>
 *   <li>{@code roistream_training_triggers_total{reason}}, {@code roistream_training_trigger_reemits_total},
 *       {@code roistream_training_releases_total{status}}, {@code roistream_manual_requests_ignored_total{why}};</li>
 *   <li>{@code roistream_unreadable_records_total{topic}}, {@code roistream_rejected_records_total{topic}} and
 *       {@code roistream_dead_letters_total{reason}}: records that could not be deserialized, records refused by
 *       the input checks, and those of them written to {@code roi.dead-letters} (reason UNREADABLE or REJECTED);</li>
 *   <li>{@code roistream_stream_thread_failures_total{response}}: stream threads that died, {@code replace}d
 *       or stopping the instance ({@code shutdown}).</li>
 * </ul>
 */
public final class CoordinatorMetrics {

    /** The stage label, and the stage written in dead letters. */
    public static final String STAGE = "coordinator";

    private final WorkerMetrics worker = new WorkerMetrics(STAGE);
    private final Histogram answerLatency;
    private final Counter answersUnmatched;
    private final Counter questionsRouted;
    private final Counter labelsMerged;
    private final Counter triggers;
    private final Counter reEmits;
    private final Counter abandoned;
    private final Counter releases;
    private final Counter manualIgnored;
    private final Counter unreadable;
    private final Counter rejected;
    private final Counter threadFailures;

    /** Fresh metrics in a registry of their own. */
    public CoordinatorMetrics() {
        PrometheusRegistry registry = worker.registry();
        answerLatency = Histogram.builder().name("roistream_question_answer_latency_seconds")
                .help("From a question's createdAt to its answer's arrival on roi.answers").unit(Unit.SECONDS)
                .classicOnly().classicExponentialUpperBounds(0.01, 2, 16).labelNames("stage", "mode")
                .register(registry);
        answersUnmatched = Counter.builder().name("roistream_answers_unmatched")
                .help("Answers whose question was not seen, was already answered or is older than the retention")
                .labelNames("stage").register(registry);
        questionsRouted = Counter.builder().name("roistream_questions_routed")
                .help("Questions routed to the inference workers, pinned to a checkpoint or plain")
                .labelNames("stage", "routing").register(registry);
        labelsMerged = Counter.builder().name("roistream_labels_merged")
                .help("Pseudo-labels merged into the label set, by outcome").labelNames("stage", "outcome")
                .register(registry);
        triggers = Counter.builder().name("roistream_training_triggers").help("Training triggers issued, by reason")
                .labelNames("stage", "reason").register(registry);
        reEmits = Counter.builder().name("roistream_training_trigger_reemits")
                .help("Triggers emitted again because no checkpoint answered them in time").labelNames("stage")
                .register(registry);
        abandoned = Counter.builder().name("roistream_training_triggers_abandoned")
                .help("Triggers released unanswered after their last emission (coordinator.training.max-emissions)")
                .labelNames("stage").register(registry);
        releases = Counter.builder().name("roistream_training_releases")
                .help("Trainings in flight released by their checkpoint, by status").labelNames("stage", "status")
                .register(registry);
        manualIgnored = Counter.builder().name("roistream_manual_requests_ignored")
                .help("Manual training requests ignored: a training in flight, or no usable label")
                .labelNames("stage", "why").register(registry);
        unreadable = Counter.builder().name("roistream_unreadable_records")
                .help("Input records that could not be deserialized (skipped)").labelNames("stage", "topic")
                .register(registry);
        rejected = Counter.builder().name("roistream_rejected_records")
                .help("Input records refused by the input checks (dead-lettered)").labelNames("stage", "topic")
                .register(registry);
        threadFailures = Counter.builder().name("roistream_stream_thread_failures")
                .help("Stream threads that died of an exception, by response: replace or shutdown")
                .labelNames("stage", "response").register(registry);
    }

    /** The worker metrics whose registry holds these metrics (what {@code MetricsServer} serves). */
    public WorkerMetrics worker() {
        return worker;
    }

    /** The registry of every coordinator metric. */
    public PrometheusRegistry registry() {
        return worker.registry();
    }

    /** An answer produced in {@code mode} arrived {@code seconds} after its question was asked. */
    public void answerLatency(AnswerMode mode, double seconds) {
        answerLatency.labelValues(STAGE, mode.name()).observe(seconds);
    }

    /** An answer arrived whose question is not (or no longer) known. */
    public void answerUnmatched() {
        answersUnmatched.labelValues(STAGE).inc();
    }

    /** A question was routed, pinned to a checkpoint or not. */
    public void questionRouted(boolean pinned) {
        questionsRouted.labelValues(STAGE, pinned ? "checkpoint" : "plain").inc();
    }

    /** A pseudo-label was merged with {@code outcome}. */
    public void labelMerged(LabelMerge.Outcome outcome) {
        labelsMerged.labelValues(STAGE, outcome.name().toLowerCase(Locale.ROOT)).inc();
    }

    /** A training trigger was issued for {@code reason}. */
    public void triggered(TriggerReason reason) {
        triggers.labelValues(STAGE, reason.name()).inc();
    }

    /** A trigger in flight was emitted again after its timeout. */
    public void triggerReEmitted() {
        reEmits.labelValues(STAGE).inc();
    }

    /** A trigger in flight was abandoned unanswered after its last emission. */
    public void triggerAbandoned() {
        abandoned.labelValues(STAGE).inc();
    }

    /** A training in flight was released by a checkpoint of {@code status}. */
    public void trainingReleased(CheckpointStatus status) {
        releases.labelValues(STAGE, status.name()).inc();
    }

    /** A manual request was ignored, for {@code why} ({@code in_flight}, {@code no_labels}). */
    public void manualRequestIgnored(String why) {
        manualIgnored.labelValues(STAGE, why).inc();
    }

    /** A record of {@code topic} could not be deserialized and was skipped. */
    public void unreadable(String topic) {
        unreadable.labelValues(STAGE, topic).inc();
    }

    /** A record of {@code topic} was refused by the input checks. */
    public void rejected(String topic) {
        rejected.labelValues(STAGE, topic).inc();
    }

    /** A stream thread died; {@code response} is {@code replace} or {@code shutdown}. */
    public void streamThreadFailed(String response) {
        threadFailures.labelValues(STAGE, response).inc();
    }

    /** A record was written to the dead-letter topic for {@code reason} (UNREADABLE, REJECTED). */
    public void deadLettered(String reason) {
        worker.deadLettered(reason);
    }
}
