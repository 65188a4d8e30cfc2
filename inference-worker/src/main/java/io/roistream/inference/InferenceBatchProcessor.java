package io.roistream.inference;

import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiMode;
import io.roistream.model.answer.Answer;
import io.roistream.model.answer.Query;
import io.roistream.runtime.kafka.InputRecord;
import io.roistream.runtime.kafka.OutputRecord;
import io.roistream.runtime.kafka.PipelinedBatchProcessor;
import io.roistream.runtime.kafka.RecordOutcome;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.runtime.retry.TransientProcessingException;
import io.roistream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The worker's work on one micro-batch (dynamic micro-batching: the loop gathers up to
 * {@code kafka.batch.max-records} tasks for up to {@code kafka.batch.max-wait}):
 *
 * <ol>
 *   <li>every task is admitted on its own ({@link TaskCheck}); a refused one fails alone;</li>
 *   <li>each is routed: no {@code checkpointVersion} or {@code roiMode OFF} is answered plainly
 *       (mode {@code OFF}); otherwise its version is looked up in the {@link CheckpointCatalog}
 *       (waiting up to {@code checkpoints.wait} for the topic to catch up, once per version and
 *       batch) and leased from the {@link CheckpointCache}. An unknown version, a version whose
 *       status is not {@code READY} and a refused checkpoint fail the task (dead-lettered as
 *       {@code REJECTED} with the reason), the other tasks go on;</li>
 *   <li>tasks are grouped by checkpoint version and threshold tau (the question's, else the
 *       checkpoint's {@code roi.threshold}, else the configured one) and each group is answered in
 *       <b>one</b> model call;</li>
 *   <li>answers that ran the RPN (modes RPN and FALLBACK) get an overlay picture at
 *       {@code s3://overlays/<questionId>.png} (a group's overlays are written side by side); each
 *       answer becomes a {@link RoiAnswer} on
 *       {@code roi.answers}, keyed by question id.</li>
 * </ol>
 * Step 1 (checking and decoding the images) is the pipeline's preparation ({@link #prepare}, on the
 * loop's thread, while the model answers the previous batch); steps 2-3 and the start of the overlay
 * writes are the first step (on the loop's processing thread); waiting for the overlays and making the
 * answers is the second.
 *
 * <p>Re-running a batch overwrites the same overlays and produces the same answers but for the
 * times. When the model itself throws, the exception fails the whole batch and the loop re-runs
 * its records one by one, so only the task that breaks it is dead-lettered.
 */
public final class InferenceBatchProcessor implements PipelinedBatchProcessor<InferenceTask> {

    private final TaskCheck check;
    private final CheckpointCatalog catalog;
    private final Duration checkpointWait;
    private final CheckpointCache cache;
    private final AnswerEngine engine;
    private final double defaultThreshold;
    private final RoiAnswers answers;
    private final OverlayWriter overlays;
    private final InferenceCounters counters;
    private final Clock clock;

    /**
     * The processor of the worker's parts.
     *
     * @param overlays writes the overlay pictures, or null for none
     * @param clock stamps pick-up and answer times
     */
    public InferenceBatchProcessor(TaskCheck check, CheckpointCatalog catalog, Duration checkpointWait,
                                   CheckpointCache cache, AnswerEngine engine, double defaultThreshold,
                                   RoiAnswers answers, OverlayWriter overlays, InferenceCounters counters, Clock clock) {
        this.check = Objects.requireNonNull(check, "check");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.checkpointWait = Objects.requireNonNull(checkpointWait, "checkpointWait");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.defaultThreshold = defaultThreshold;
        this.answers = Objects.requireNonNull(answers, "answers");
        this.overlays = overlays;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A group of one model call: a checkpoint lease (null: plain) and tau. */
    private record Route(CheckpointCache.Lease lease, double threshold) {}

    /** An admitted task and its record. */
    private record Item(InputRecord<InferenceTask> input, TaskCheck.Admitted task) {}

    /** A task the model answered, its overlay (null: none) on its way. */
    private record Answered(Item item, Answer answer, String version, Instant answeredAt,
                            CompletableFuture<String> overlayUri) {}

    @Override
    public Finish start(List<InputRecord<InferenceTask>> batch) throws Exception {
        return prepare(batch).run();
    }

    /** Admits each task (its image checked and decoded) on the loop's thread; routing and the model follow. */
    @Override
    public FirstStep prepare(List<InputRecord<InferenceTask>> batch) {
        Instant pickedUp = clock.instant();
        List<RecordOutcome> outcomes = new ArrayList<>(batch.size());
        List<Item> items = new ArrayList<>(batch.size());
        for (InputRecord<InferenceTask> input : batch) {
            try {
                items.add(new Item(input, check.admit(input.value())));
            } catch (RuntimeException e) {
                outcomes.add(RecordOutcome.failed(input, e));
            }
        }
        return () -> answerAll(items, outcomes, pickedUp);
    }

    private Finish answerAll(List<Item> items, List<RecordOutcome> outcomes, Instant pickedUp) {
        List<Answered> answered = new ArrayList<>(items.size());
        Map<String, Object> versions = new HashMap<>();
        Map<Route, List<Item>> groups = new LinkedHashMap<>();
        try {
            for (Item item : items) {
                try {
                    groups.computeIfAbsent(route(item.task().task(), versions), r -> new ArrayList<>()).add(item);
                } catch (RuntimeException e) {
                    outcomes.add(RecordOutcome.failed(item.input(), e));
                }
            }
            for (Map.Entry<Route, List<Item>> group : groups.entrySet()) {
                answer(group.getKey(), group.getValue(), answered);
            }
        } finally {
            for (Object resolved : versions.values()) {
                if (resolved instanceof CheckpointCache.Lease lease) {
                    lease.close();
                }
            }
            counters.loadedVersions(cache.loadedVersions().size());
        }
        return () -> {
            for (Answered done : answered) {
                outcomes.add(outcome(done, pickedUp));
            }
            return outcomes;
        };
    }

    private Route route(InferenceTask task, Map<String, Object> versions) {
        Question question = task.getQuestion();
        String version = task.getCheckpointVersion();
        if (version == null || question.getOptions().getRoiMode() == RoiMode.OFF) {
            return new Route(null, 0);
        }
        Object resolved = versions.computeIfAbsent(version, this::resolve);
        if (resolved instanceof RuntimeException refusal) {
            throw refusal;
        }
        CheckpointCache.Lease lease = (CheckpointCache.Lease) resolved;
        Float asked = question.getOptions().getThreshold();
        double tau = asked != null ? asked : lease.threshold().orElse(defaultThreshold);
        return new Route(lease, tau);
    }

    /** The lease of {@code version}, or the exception that refuses it (kept for the batch's other tasks). */
    private Object resolve(String version) {
        try {
            Checkpoint checkpoint = catalog.await(version, checkpointWait).orElseThrow(() ->
                new InvalidInferenceTaskException("checkpointVersion", "checkpoint " + version + " is not on "
                    + Topics.CHECKPOINTS.name() + " after waiting " + checkpointWait));
            if (checkpoint.getStatus() != CheckpointStatus.READY) {
                throw new InvalidInferenceTaskException("checkpointVersion", "checkpoint " + version + " has status "
                    + checkpoint.getStatus());
            }
            return cache.acquire(checkpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransientProcessingException("interrupted while waiting for checkpoint " + version, e);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void answer(Route route, List<Item> items, List<Answered> answered) {
        List<Query> queries = items.stream()
            .map(item -> Query.of(item.task().pixels(), item.task().question().getQuestion())).toList();
        List<Answer> made = route.lease() == null ? engine.plain(queries)
            : engine.withRpn(route.lease().rpn(), route.threshold(), queries);
        Instant answeredAt = clock.instant();
        String version = route.lease() == null ? null : route.lease().version();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Answer answer = made.get(i);
            CompletableFuture<String> overlayUri = overlays == null || answer.heatMap() == null ? null
                : overlays.write(item.task().question().getQuestionId(), item.task().pixels(), answer);
            answered.add(new Answered(item, answer, version, answeredAt, overlayUri));
        }
    }

    private RecordOutcome outcome(Answered done, Instant pickedUp) {
        Item item = done.item();
        try {
            String overlayUri = done.overlayUri() == null ? null : ParallelTransfers.await(done.overlayUri());
            RoiAnswer answer = answers.roiAnswer(item.task().task(), done.answer(), done.version(),
                item.task().image().width(), item.task().image().height(), overlayUri, pickedUp, done.answeredAt());
            counters.count(answer);
            return RecordOutcome.processed(item.input(), OutputRecord.of(Topics.ANSWERS, answer.getQuestionId(), answer));
        } catch (RuntimeException e) {
            return RecordOutcome.failed(item.input(), e);
        }
    }
}
