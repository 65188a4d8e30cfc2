package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.DeadLetter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.roistream.events.Question;
import io.roistream.runtime.retry.TransientProcessingException;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A {@link PipelinedBatchProcessor} on a real broker: the next batch's first step runs while the
 * previous batch is finished and committed, on the loop's processing thread, and still every good
 * record is answered exactly once, in order; a first step that throws, a second step that throws
 * and a transient failure in the second step are handled as for a one-step processor.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class PipelinedLoopIntegrationTest {

    private static final String GROUP = "pipelined-workers";
    private static final Duration MODEL_TIME = Duration.ofMillis(50);
    private static final Duration UPLOAD_TIME = Duration.ofMillis(150);
    private static final Duration PREPARE_TIME = Duration.ofMillis(5);

    @Test
    void batchesOverlapAndEveryRecordIsAnsweredOnceInOrder(StackEndpoints stack) throws Exception {
        LoopTestKit.createTopics(stack, Topics.QUESTIONS, Topics.INFERENCE_TASKS, Topics.DEAD_LETTERS);
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "q-" + i).toList();
        List<String> good = ids.stream().filter(id -> !Set.of("q-7", "q-13", "q-21", "q-30").contains(id)).toList();
        List<byte[][]> inputs = new ArrayList<>();
        for (String id : ids) {
            String value = switch (id) {
                case "q-7" -> "crash-start";
                case "q-13" -> "crash-prepare";
                case "q-21" -> "crash-finish";
                case "q-30" -> "flaky-finish";
                default -> id;
            };
            inputs.add(serialized(Topics.QUESTIONS, serde, id, question(value)));
        }
        // q-30 fails transiently once, then is answered: 38 outputs, 3 dead letters
        List<String> expected = new ArrayList<>(good);
        expected.add(good.indexOf("q-31"), "flaky-finish");
        List<Long> offsets = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(), inputs);

        SlowFinishRouter router = new SlowFinishRouter();
        ProcessingLoopSettings settings = ProcessingLoopSettings.defaults("inference", stack.bootstrapServers(), GROUP,
                        stack.schemaRegistryUrl())
                .withBatch(5, Duration.ofMillis(50));
        ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, router).build();
        Thread thread = LoopTestKit.start(loop);
        try {
            LoopTestKit.awaitCommitted(stack, GROUP, Topics.QUESTIONS.name(), offsets.get(offsets.size() - 1) + 1);
        } finally {
            LoopTestKit.stop(loop, thread);
        }

        assertEquals(expected, ProcessingLoopIntegrationTest.committedTaskIds(stack, serde));
        assertTrue(router.overlapped.get(), "no first step ran while a batch was being finished");
        assertEquals(Set.of("inference-processing"), router.startThreads, "first steps run on the processing thread");
        assertEquals(Set.of(thread.getName()), router.prepareThreads, "batches are prepared on the loop's thread");
        assertEquals(2, router.flakyCalls.get(), "the flaky batch ran twice");
        // at least 8 first steps of 50 ms, asleep: busy wall time, next to no CPU
        double busy = metric(loop, "roistream_processing_busy_seconds");
        double cpu = metric(loop, "roistream_processing_cpu_seconds");
        assertTrue(busy >= 8 * MODEL_TIME.toMillis() / 1000.0, "busy " + busy + " s");
        assertTrue(cpu < busy / 2, "cpu " + cpu + " s of busy " + busy + " s");
        double preparing = metric(loop, "roistream_preparation_seconds");
        assertTrue(preparing >= 8 * PREPARE_TIME.toMillis() / 1000.0 && preparing < busy, "preparing " + preparing + " s");

        Map<String, ConsumerRecord<byte[], byte[]>> letters = ProcessingLoopIntegrationTest.deadLettersByKey(stack);
        assertEquals(Set.of("roi.questions/0/" + offsets.get(7), "roi.questions/0/" + offsets.get(13),
                "roi.questions/0/" + offsets.get(21)), letters.keySet());
        DeadLetter inPrepare = ProcessingLoopIntegrationTest.deadLetter(serde, letters.get("roi.questions/0/" + offsets.get(13)));
        assertTrue(inPrepare.getErrorMessage().startsWith("PROCESSOR_ERROR: no pixels in crash-prepare"),
                inPrepare.getErrorMessage());
        DeadLetter inStart = ProcessingLoopIntegrationTest.deadLetter(serde, letters.get("roi.questions/0/" + offsets.get(7)));
        assertTrue(inStart.getErrorMessage().startsWith("PROCESSOR_ERROR: model blew up on crash-start"),
                inStart.getErrorMessage());
        DeadLetter inFinish = ProcessingLoopIntegrationTest.deadLetter(serde, letters.get("roi.questions/0/" + offsets.get(21)));
        assertTrue(inFinish.getErrorMessage().startsWith("PROCESSOR_ERROR: upload refused for crash-finish"),
                inFinish.getErrorMessage());
    }

    /** The value of counter {@code name} (one stage, one series). */
    private static double metric(ProcessingLoop<?> loop, String name) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals(name))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .mapToDouble(point -> ((CounterSnapshot.CounterDataPointSnapshot) point).getValue())
                .sum();
    }

    /**
     * Routes questions to tasks in two steps, a "model" and a slower "upload", after a preparation. A
     * batch holding {@code crash-prepare} throws while prepared, {@code crash-start} in the first step, {@code crash-finish} in the second, and
     * {@code flaky-finish} fails transiently in the second step the first time.
     */
    private static final class SlowFinishRouter implements PipelinedBatchProcessor<Question> {
        private final AtomicBoolean finishing = new AtomicBoolean();
        private final AtomicBoolean overlapped = new AtomicBoolean();
        private final Set<String> startThreads = ConcurrentHashMap.newKeySet();
        private final Set<String> prepareThreads = ConcurrentHashMap.newKeySet();
        private final AtomicInteger flakyCalls = new AtomicInteger();

        @Override
        public FirstStep prepare(List<InputRecord<Question>> batch) throws InterruptedException {
            prepareThreads.add(Thread.currentThread().getName());
            Thread.sleep(PREPARE_TIME.toMillis());
            if (batch.stream().anyMatch(input -> input.value().getQuestionId().equals("crash-prepare"))) {
                throw new IllegalArgumentException("no pixels in crash-prepare");
            }
            return () -> start(batch);
        }

        @Override
        public Finish start(List<InputRecord<Question>> batch) throws InterruptedException {
            startThreads.add(Thread.currentThread().getName());
            Thread.sleep(MODEL_TIME.toMillis());
            if (finishing.get()) {
                overlapped.set(true);
            }
            List<String> ids = batch.stream().map(input -> input.value().getQuestionId()).toList();
            if (ids.contains("crash-start")) {
                throw new IllegalStateException("model blew up on crash-start");
            }
            return () -> {
                finishing.set(true);
                try {
                    Thread.sleep(UPLOAD_TIME.toMillis());
                } finally {
                    finishing.set(false);
                }
                if (ids.contains("crash-finish")) {
                    throw new IllegalStateException("upload refused for crash-finish");
                }
                if (ids.contains("flaky-finish") && flakyCalls.incrementAndGet() == 1) {
                    throw new TransientProcessingException("object store busy");
                }
                List<RecordOutcome> outcomes = new ArrayList<>();
                for (InputRecord<Question> input : batch) {
                    outcomes.add(RecordOutcome.processed(input,
                            OutputRecord.of(Topics.INFERENCE_TASKS, input.key(), taskFor(input.value()))));
                }
                return outcomes;
            };
        }
    }
}
