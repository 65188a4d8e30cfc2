package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * A processor that cannot reach the object store (the store restarting) makes the loop wait the
 * outage out, however long it lasts, instead of dead-lettering the record once its retries run out.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class ObjectStoreOutageIntegrationTest {

    @Test
    void anObjectStoreOutageWhileProcessingIsWaitedOutNotDeadLettered(StackEndpoints stack) throws Exception {
        LoopTestKit.createTopics(stack, Topics.QUESTIONS, Topics.INFERENCE_TASKS, Topics.DEAD_LETTERS);
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        List<Long> offsets = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(),
                List.<byte[][]>of(serialized(Topics.QUESTIONS, serde, "q-outage", question("q-outage"))));

        // a store nobody listens on: every call fails as the real client fails when the store is down
        AtomicInteger calls = new AtomicInteger();
        try (ObjectStore down = ObjectStore.connect(new ObjectStoreSettings("http://127.0.0.1:1", "k", "s",
                "us-east-1", Duration.ofMillis(200), Duration.ofSeconds(1), RetryPolicy.noRetries()))) {
            BatchProcessor<Question> needsTheStore = BatchProcessor.perRecord(input -> {
                if (calls.incrementAndGet() <= 5) {
                    down.getBytes(ObjectRef.parse("s3://images/" + input.value().getQuestionId()), 1024);
                }
                return List.of(OutputRecord.of(Topics.INFERENCE_TASKS, input.value().getQuestionId(),
                        taskFor(input.value())));
            });
            ProcessingLoopSettings settings = ProcessingLoopSettings.defaults("labeler", stack.bootstrapServers(),
                            "outage-waiters", stack.schemaRegistryUrl())
                    .withBatch(10, Duration.ofMillis(100))
                    .withRetry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(20), 1.0))
                    .withOutageBackoff(new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(20), Duration.ofMillis(50), 2.0));
            ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, needsTheStore).build();
            Thread thread = LoopTestKit.start(loop);
            try {
                LoopTestKit.awaitCommitted(stack, "outage-waiters", Topics.QUESTIONS.name(), offsets.get(0) + 1);
            } finally {
                LoopTestKit.stop(loop, thread);
            }
        }
        assertEquals(6, calls.get(), "five failed tries while the store was down, then the one that worked");
        try (Deserializer<String> keys = Topics.INFERENCE_TASKS.keySerde(serde).deserializer();
             Deserializer<InferenceTask> values = Topics.INFERENCE_TASKS.valueSerde(serde).deserializer()) {
            assertEquals(List.of("q-outage"), LoopTestKit.readAll(stack, Topics.INFERENCE_TASKS.name(),
                    "read_committed", keys, values).stream().map(ConsumerRecord::key).toList());
        }
        assertTrue(ProcessingLoopIntegrationTest.deadLettersByKey(stack).isEmpty(),
                "nothing dead-lettered during the outage");
    }

}
