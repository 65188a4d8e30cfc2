package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.DeadLetter;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.runtime.images.ImageRejectedException;
import io.roistream.runtime.images.RejectionReason;
import io.roistream.runtime.metrics.HealthStatus;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The loop on a real broker and registry: good records processed exactly once (also across a
 * restart), poison records and processor failures dead-lettered with stage and reason while the
 * good records after them go on.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class ProcessingLoopIntegrationTest {

    private static final String STAGE = "inference";
    private static final String GROUP = "inference-workers";

    /** Routes questions to tasks; rejects {@code reject-*}; a batch holding {@code crash-*} makes it throw. */
    private static final BatchProcessor<Question> ROUTER = batch -> {
        List<RecordOutcome> outcomes = new ArrayList<>();
        for (InputRecord<Question> input : batch) {
            String id = input.value().getQuestionId();
            if (id.startsWith("crash-")) {
                throw new IllegalStateException("model blew up on " + id);
            }
            if (id.startsWith("reject-")) {
                outcomes.add(RecordOutcome.rejected(input, new IllegalArgumentException("question refused: " + id)));
            } else if (id.startsWith("badimage-")) {
                outcomes.add(RecordOutcome.failed(input, new ImageRejectedException(RejectionReason.NOT_AN_IMAGE, id)));
            } else {
                outcomes.add(RecordOutcome.processed(input, OutputRecord.of(Topics.INFERENCE_TASKS, id, taskFor(input.value()))));
            }
        }
        return outcomes;
    };

    @Test
    void goodRecordsExactlyOnceAndBadOnesDeadLettered(StackEndpoints stack) throws Exception {
        LoopTestKit.createTopics(stack, Topics.QUESTIONS, Topics.INFERENCE_TASKS, Topics.DEAD_LETTERS);
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchemaId = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6};
        List<byte[][]> inputs = new ArrayList<>();
        inputs.add(serialized(Topics.QUESTIONS, serde, "good-1", question("good-1")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "good-2", question("good-2")));
        inputs.add(new byte[][] {"k-garbage".getBytes(StandardCharsets.UTF_8), garbage});
        inputs.add(serialized(Topics.QUESTIONS, serde, "good-3", question("good-3")));
        inputs.add(new byte[][] {serialized(Topics.QUESTIONS, serde, "k-unknown", question("x"))[0], unknownSchemaId});
        inputs.add(serialized(Topics.QUESTIONS, serde, "good-4", question("good-4")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "reject-1", question("reject-1")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "good-5", question("good-5")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "crash-1", question("crash-1")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "good-6", question("good-6")));
        inputs.add(serialized(Topics.QUESTIONS, serde, "badimage-1", question("badimage-1")));
        List<Long> offsets = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(), inputs);

        ProcessingLoopSettings settings = ProcessingLoopSettings.defaults(STAGE, stack.bootstrapServers(), GROUP,
                stack.schemaRegistryUrl()).withBatch(4, Duration.ofMillis(300));
        ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, ROUTER).build();
        assertEquals(HealthStatus.DOWN, loop.health().read().status());
        Thread thread = LoopTestKit.start(loop);
        try {
            LoopTestKit.awaitCommitted(stack, GROUP, Topics.QUESTIONS.name(), offsets.get(offsets.size() - 1) + 1);
            assertEquals(HealthStatus.UP, loop.health().read().status());
        } finally {
            LoopTestKit.stop(loop, thread);
        }
        assertEquals(HealthStatus.DOWN, loop.health().read().status());

        assertEquals(List.of("good-1", "good-2", "good-3", "good-4", "good-5", "good-6"), committedTaskIds(stack, serde));

        Map<String, ConsumerRecord<byte[], byte[]>> letters = deadLettersByKey(stack);
        assertEquals(5, letters.size(), letters.keySet().toString());
        DeadLetter notAvro = deadLetter(serde, letters.get("roi.questions/0/" + offsets.get(2)));
        assertEquals("roi.questions", notAvro.getOriginalTopic());
        assertEquals(0, notAvro.getPartition());
        assertEquals(offsets.get(2), notAvro.getOffset());
        assertEquals(STAGE, notAvro.getStage());
        assertEquals(SerializationException.class.getName(), notAvro.getErrorClass());
        assertTrue(notAvro.getErrorMessage().startsWith("UNREADABLE: "), notAvro.getErrorMessage());
        assertTrue(notAvro.getErrorMessage().contains("roi.questions"), notAvro.getErrorMessage());
        assertArrayEquals(garbage, bytes(notAvro.getPayload()));
        assertArrayEquals("k-garbage".getBytes(StandardCharsets.UTF_8), bytes(notAvro.getKey()));
        assertEquals(1, notAvro.getAttempt());
        assertNull(notAvro.getPayloadUri());
        assertEquals("UNREADABLE", header(letters.get("roi.questions/0/" + offsets.get(2)), ProcessingLoop.REASON_HEADER));

        DeadLetter unknownId = deadLetter(serde, letters.get("roi.questions/0/" + offsets.get(4)));
        assertTrue(unknownId.getErrorMessage().contains("unknown schema id"), unknownId.getErrorMessage());
        assertArrayEquals(unknownSchemaId, bytes(unknownId.getPayload()));

        ConsumerRecord<byte[], byte[]> rejectedRecord = letters.get("roi.questions/0/" + offsets.get(6));
        DeadLetter rejected = deadLetter(serde, rejectedRecord);
        assertEquals("REJECTED", header(rejectedRecord, ProcessingLoop.REASON_HEADER));
        assertEquals(STAGE, header(rejectedRecord, ProcessingLoop.STAGE_HEADER));
        assertEquals(IllegalArgumentException.class.getName(), rejected.getErrorClass());
        assertTrue(rejected.getErrorMessage().contains("question refused: reject-1"), rejected.getErrorMessage());

        ConsumerRecord<byte[], byte[]> badImageRecord = letters.get("roi.questions/0/" + offsets.get(10));
        assertEquals("REJECTED", header(badImageRecord, ProcessingLoop.REASON_HEADER));
        DeadLetter badImage = deadLetter(serde, badImageRecord);
        assertEquals(ImageRejectedException.class.getName(), badImage.getErrorClass());
        assertTrue(badImage.getErrorMessage().startsWith("REJECTED: NOT_AN_IMAGE: badimage-1"), badImage.getErrorMessage());

        ConsumerRecord<byte[], byte[]> crashedRecord = letters.get("roi.questions/0/" + offsets.get(8));
        DeadLetter crashed = deadLetter(serde, crashedRecord);
        assertEquals("PROCESSOR_ERROR", header(crashedRecord, ProcessingLoop.REASON_HEADER));
        assertEquals(IllegalStateException.class.getName(), crashed.getErrorClass());
        assertTrue(crashed.getErrorMessage().contains("model blew up on crash-1"), crashed.getErrorMessage());

        String scrape = loop.metrics().registry().scrape().toString();
        assertEquals(6.0, counter(loop, "roistream_records_out", Topics.INFERENCE_TASKS.name()), scrape);
        assertEquals(5.0, counter(loop, "roistream_records_out", Topics.DEAD_LETTERS.name()), scrape);
        assertEquals(2.0, deadLetterCount(loop, "UNREADABLE"), scrape);
        assertEquals(2.0, deadLetterCount(loop, "REJECTED"), scrape);
        assertEquals(1.0, deadLetterCount(loop, "PROCESSOR_ERROR"), scrape);

        // a new instance of the stage resumes after the committed offsets: nothing is processed twice
        List<Long> later = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(),
                List.<byte[][]>of(serialized(Topics.QUESTIONS, serde, "good-7", question("good-7"))));
        ProcessingLoop<Question> restarted = ProcessingLoop.builder(settings, Topics.QUESTIONS, ROUTER).build();
        Thread second = LoopTestKit.start(restarted);
        try {
            LoopTestKit.awaitCommitted(stack, GROUP, Topics.QUESTIONS.name(), later.get(0) + 1);
        } finally {
            LoopTestKit.stop(restarted, second);
        }
        assertEquals(List.of("good-1", "good-2", "good-3", "good-4", "good-5", "good-6", "good-7"),
                committedTaskIds(stack, serde));
        assertEquals(5, deadLettersByKey(stack).size());
    }

    @Test
    void closeBeforeRunReleasesTheClientsAndTheLoopNeverRuns(StackEndpoints stack) {
        ProcessingLoopSettings settings = ProcessingLoopSettings.defaults(STAGE, stack.bootstrapServers(), "idle-group",
                stack.schemaRegistryUrl());
        ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, ROUTER).build();
        loop.close();
        loop.close();
        assertThrows(IllegalStateException.class, loop::run, "a loop closed before it ran never runs");
        assertTrue(loop.processingEnded(), "its processing thread has ended");
        assertEquals(HealthStatus.DOWN, loop.health().read().status());
    }

    static List<String> committedTaskIds(StackEndpoints stack, Map<String, Object> serde) {
        try (Deserializer<String> keys = Topics.INFERENCE_TASKS.keySerde(serde).deserializer();
             Deserializer<InferenceTask> values = Topics.INFERENCE_TASKS.valueSerde(serde).deserializer()) {
            return LoopTestKit.readAll(stack, Topics.INFERENCE_TASKS.name(), "read_committed", keys, values).stream()
                    .map(record -> record.value().getQuestion().getQuestionId()).toList();
        }
    }

    static Map<String, ConsumerRecord<byte[], byte[]>> deadLettersByKey(StackEndpoints stack) {
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        try (Deserializer<String> keys = Topics.DEAD_LETTERS.keySerde(serde).deserializer()) {
            for (ConsumerRecord<byte[], byte[]> record : LoopTestKit.readAllRaw(stack, Topics.DEAD_LETTERS.name())) {
                String key = keys.deserialize(record.topic(), record.key());
                if (byKey.put(key, record) != null) {
                    throw new AssertionError("the record " + key + " was dead-lettered twice");
                }
            }
        }
        return byKey;
    }

    static DeadLetter deadLetter(Map<String, Object> serde, ConsumerRecord<byte[], byte[]> record) {
        try (Deserializer<DeadLetter> values = Topics.DEAD_LETTERS.valueSerde(serde).deserializer()) {
            return values.deserialize(record.topic(), record.value());
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static double counter(ProcessingLoop<?> loop, String name, String topic) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals(name))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .filter(point -> topic.equals(point.getLabels().get("topic")))
                .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) point).getValue())
                .sum();
    }

    static double deadLetterCount(ProcessingLoop<?> loop, String reason) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals("roistream_dead_letters"))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .filter(point -> reason.equals(point.getLabels().get("reason")))
                .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) point).getValue())
                .sum();
    }
}
