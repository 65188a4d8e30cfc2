package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.runtime.metrics.HealthStatus;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * A processor that cannot reach the object store (the store's host gone for a while: a relay in
 * front of the real S3Proxy taken down) makes the loop wait the outage out, however many retries it
 * takes, instead of dead-lettering the record once they run out; when the store is back, the record
 * is processed against it.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class ObjectStoreOutageIntegrationTest {

    @Test
    void anObjectStoreOutageWhileProcessingIsWaitedOutNotDeadLettered(StackEndpoints stack) throws Exception {
        LoopTestKit.createTopics(stack, Topics.QUESTIONS, Topics.INFERENCE_TASKS, Topics.DEAD_LETTERS);
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        int s3Port = URI.create(stack.objectStoreEndpoint()).getPort();
        ObjectRef image = ObjectRef.parse("s3://images/q-outage.png");
        byte[] bytes = "the image".getBytes(StandardCharsets.UTF_8);
        try (ObjectStore direct = connect(stack, stack.objectStoreEndpoint());
             TcpRelay relay = new TcpRelay(s3Port);
             ObjectStore store = connect(stack, "http://127.0.0.1:" + relay.port())) {
            direct.ensureBucket("images");
            direct.put(image, bytes, "image/png");
            List<Long> offsets = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(),
                    List.<byte[][]>of(serialized(Topics.QUESTIONS, serde, "q-outage", question("q-outage"))));

            AtomicInteger calls = new AtomicInteger();
            AtomicReference<byte[]> read = new AtomicReference<>();
            BatchProcessor<Question> needsTheStore = BatchProcessor.perRecord(input -> {
                calls.incrementAndGet();
                read.set(store.getBytes(image, 1024));
                return List.of(OutputRecord.of(Topics.INFERENCE_TASKS, input.value().getQuestionId(),
                        taskFor(input.value())));
            });
            ProcessingLoopSettings settings = ProcessingLoopSettings.defaults("labeler", stack.bootstrapServers(),
                            "outage-waiters", stack.schemaRegistryUrl())
                    .withBatch(10, Duration.ofMillis(100))
                    .withRetry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(20), 1.0))
                    .withOutageBackoff(new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(50), Duration.ofMillis(200),
                            2.0));
            ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, needsTheStore).build();
            Thread thread = LoopTestKit.start(loop);
            try {
                long deadline = System.nanoTime() + LoopTestKit.PATIENCE.toNanos();
                while (calls.get() < 4) { // more tries than the retry policy allows
                    if (System.nanoTime() > deadline) {
                        fail("the processor did not meet the outage: " + calls.get() + " calls");
                    }
                    Thread.sleep(20);
                }
                assertEquals(HealthStatus.UP, loop.health().read().status());
                relay.up();
                LoopTestKit.awaitCommitted(stack, "outage-waiters", Topics.QUESTIONS.name(), offsets.get(0) + 1);
            } finally {
                LoopTestKit.stop(loop, thread);
            }
            assertArrayEquals(bytes, read.get(), "the record was processed against the store once it was back");
        }
        try (Deserializer<String> keys = Topics.INFERENCE_TASKS.keySerde(serde).deserializer();
             Deserializer<InferenceTask> values = Topics.INFERENCE_TASKS.valueSerde(serde).deserializer()) {
            assertEquals(List.of("q-outage"), LoopTestKit.readAll(stack, Topics.INFERENCE_TASKS.name(),
                    "read_committed", keys, values).stream().map(ConsumerRecord::key).toList());
        }
        assertTrue(ProcessingLoopIntegrationTest.deadLettersByKey(stack).isEmpty(),
                "nothing dead-lettered during the outage");
    }

    private static ObjectStore connect(StackEndpoints stack, String endpoint) {
        return ObjectStore.connect(new ObjectStoreSettings(endpoint, stack.objectStoreAccessKey(),
                stack.objectStoreSecretKey(), "us-east-1", Duration.ofMillis(500), Duration.ofSeconds(5),
                RetryPolicy.noRetries()));
    }
}
