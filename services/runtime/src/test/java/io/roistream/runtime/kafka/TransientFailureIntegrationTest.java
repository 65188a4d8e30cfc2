package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.DeadLetter;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.runtime.retry.TransientProcessingException;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * Transient failures abort the transaction: what it had produced never reaches a read_committed
 * consumer (a read_uncommitted one sees the aborted copies), the batch is processed again, and a
 * record that keeps failing is dead-lettered once the retry policy gives up. A payload over the
 * inline limit is kept in the object store and referenced from its dead letter.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class TransientFailureIntegrationTest {

    private static final String GROUP = "labeler-workers";

    @Test
    void abortedTransactionsLeakNothingAndStuckRecordsAreDeadLettered(StackEndpoints stack) throws Exception {
        LoopTestKit.createTopics(stack, Topics.QUESTIONS, Topics.INFERENCE_TASKS, Topics.DEAD_LETTERS);
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        byte[] bigGarbage = new byte[300];
        for (int i = 0; i < bigGarbage.length; i++) {
            bigGarbage[i] = (byte) (i * 7 + 1);
        }
        List<byte[][]> inputs = new ArrayList<>();
        inputs.add(serialized(Topics.QUESTIONS, serde, "q-a", question("q-a")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "q-flaky", question("q-flaky")));
        inputs.add(new byte[][] {null, bigGarbage});
        inputs.add(serialized(Topics.QUESTIONS, serde, "q-b", question("q-b")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "q-stuck", question("q-stuck")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "q-c", question("q-c")));
        List<Long> offsets = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(), inputs);

        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        BatchProcessor<Question> flakyRouter = BatchProcessor.perRecord(input -> {
            String id = input.value().getQuestionId();
            int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (id.equals("q-stuck") || id.equals("q-flaky") && call == 1) {
                throw new TransientProcessingException("object store busy for " + id + " (call " + call + ")");
            }
            return List.of(OutputRecord.of(Topics.INFERENCE_TASKS, id, taskFor(input.value())));
        });
        ProcessingLoopSettings settings = ProcessingLoopSettings.defaults("labeler", stack.bootstrapServers(), GROUP,
                        stack.schemaRegistryUrl())
                .withBatch(50, Duration.ofSeconds(1))
                .withRetry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), 2.0))
                .withDeadLetterInlineLimit(256);
        try (ObjectStore store = ObjectStore.connect(new ObjectStoreSettings(stack.objectStoreEndpoint(),
                stack.objectStoreAccessKey(), stack.objectStoreSecretKey(), "us-east-1", Duration.ofSeconds(2),
                Duration.ofSeconds(10), RetryPolicy.noRetries()))) {
            ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, flakyRouter)
                    .deadLetterStore(store).build();
            Thread thread = LoopTestKit.start(loop);
            try {
                LoopTestKit.awaitCommitted(stack, GROUP, Topics.QUESTIONS.name(), offsets.get(offsets.size() - 1) + 1);
            } finally {
                LoopTestKit.stop(loop, thread);
            }

            assertEquals(List.of("q-a", "q-flaky", "q-b", "q-c"), taskIds(stack, serde, "read_committed"));
            // Outputs of the aborted attempts reach the log only when the producer had sent them before
            // the abort (it discards what it still buffers): whatever did is visible to read_uncommitted only.
            List<String> uncommitted = taskIds(stack, serde, "read_uncommitted");
            assertTrue(uncommitted.containsAll(List.of("q-a", "q-flaky", "q-b", "q-c")), uncommitted.toString());
            assertTrue(List.of("q-a", "q-flaky", "q-b", "q-c").containsAll(uncommitted), uncommitted.toString());
            assertEquals(3, calls.get("q-stuck").get());
            assertEquals(2.0, abortedTransactions(loop));

            Map<String, ConsumerRecord<byte[], byte[]>> letters = ProcessingLoopIntegrationTest.deadLettersByKey(stack);
            assertEquals(2, letters.size(), letters.keySet().toString());
            ConsumerRecord<byte[], byte[]> stuckRecord = letters.get("roi.questions/0/" + offsets.get(4));
            DeadLetter stuck = ProcessingLoopIntegrationTest.deadLetter(serde, stuckRecord);
            assertEquals("RETRIES_EXHAUSTED", ProcessingLoopIntegrationTest.header(stuckRecord, ProcessingLoop.REASON_HEADER));
            assertEquals(3, stuck.getAttempt());
            assertEquals(TransientProcessingException.class.getName(), stuck.getErrorClass());
            assertTrue(stuck.getErrorMessage().contains("object store busy for q-stuck (call 3)"), stuck.getErrorMessage());

            DeadLetter big = ProcessingLoopIntegrationTest.deadLetter(serde, letters.get("roi.questions/0/" + offsets.get(2)));
            assertNull(big.getPayload());
            assertNull(big.getKey());
            assertEquals("s3://dead-letters/roi.questions/0/" + offsets.get(2), big.getPayloadUri());
            assertArrayEquals(bigGarbage, store.getBytes(ObjectRef.parse(big.getPayloadUri()), 1024));
        }
    }

    private static List<String> taskIds(StackEndpoints stack, Map<String, Object> serde, String isolation) {
        try (Deserializer<String> keys = Topics.INFERENCE_TASKS.keySerde(serde).deserializer();
             Deserializer<InferenceTask> values = Topics.INFERENCE_TASKS.valueSerde(serde).deserializer()) {
            return LoopTestKit.readAll(stack, Topics.INFERENCE_TASKS.name(), isolation, keys, values).stream()
                    .map(record -> record.value().getQuestion().getQuestionId()).toList();
        }
    }

    private static double abortedTransactions(ProcessingLoop<?> loop) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals("roistream_transactions_aborted"))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) point).getValue())
                .sum();
    }
}
