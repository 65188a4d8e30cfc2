package io.roistream.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roistream.events.AnswerMode;
import io.roistream.events.ImageRef;
import io.roistream.events.LatencyBreakdown;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiBox;
import io.roistream.events.RoiMode;
import io.roistream.schemas.Topics;
import io.roistream.schemas.serde.SerdeConfig;
import io.roistream.stack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a data platform's Confluent-format client must be able to do with roistream, through the
 * real broker and registry: read the answers we write (RoiAnswer), and write questions we read
 * (Question). Each subclass runs it with one third-party client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConfluentClientInteropContract {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfluentClient client;
    private StackEndpoints stack;
    private TopicIo topics;

    ConfluentClientInteropContract(ConfluentClient client) {
        this.client = client;
    }

    @BeforeAll
    void requireClientAndTopics(StackEndpoints endpoints) throws Exception {
        client.requireInstalled();
        stack = endpoints;
        topics = new TopicIo(endpoints.bootstrapServers(),
                Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, endpoints.schemaRegistryUrl()));
        topics.create(List.of(Topics.QUESTIONS, Topics.ANSWERS));
    }

    @Test
    void readsTheAnswersWeWrite() throws Exception {
        List<RoiAnswer> answers = List.of(answerWithRegion(), fallbackAnswer());
        topics.write(Topics.ANSWERS, answers, RoiAnswer::getQuestionId);

        List<String> lines = client.consume(stack, Topics.ANSWERS.name(), answers.size(), CONSUME_TIMEOUT);

        assertEquals(answers.size(), lines.size(), client + " printed " + lines);
        for (int i = 0; i < answers.size(); i++) {
            JsonNode record = JSON.readTree(lines.get(i));
            assertEquals(answers.get(i).getQuestionId(), record.get("key").asText(), client + ": key");
            assertAnswer(answers.get(i), record.get("value"));
        }
    }

    @Test
    void writesQuestionsWeRead(@TempDir Path dir) throws Exception {
        Path schema = Files.writeString(dir.resolve("Question.avsc"), contractWithoutJavaHints());
        Path records = Files.writeString(dir.resolve("questions.json"), """
                [{"key": "q-ext-1", "value": {"questionId": "q-ext-1",
                   "image": {"uri": "s3://images/street.jpg", "inlineBytes": null, "contentType": "image/jpeg",
                             "sha256": "ab12cd", "width": 1920, "height": 1080},
                   "question": "What does the sign say?", "options": {"roiMode": "AUTO", "threshold": 0.125},
                   "deadline": 1795000030000, "createdAt": 1795000000000}},
                 {"key": "q-ext-2", "value": {"questionId": "q-ext-2",
                   "image": {"uri": "s3://images/letter.png", "inlineBytes": null, "contentType": "image/png",
                             "sha256": null, "width": null, "height": null},
                   "question": "Who signed the letter?", "options": {"roiMode": "OFF", "threshold": null},
                   "deadline": null, "createdAt": 1795000001000}}]
                """);
        long offset = topics.endOffset(Topics.QUESTIONS);

        client.produce(stack, Topics.QUESTIONS.name(), schema, records);

        List<ConsumerRecord<String, Question>> read = topics.read(Topics.QUESTIONS, offset, 2);
        assertEquals("q-ext-1", read.get(0).key());
        assertEquals(Question.newBuilder().setQuestionId("q-ext-1")
                .setImage(ImageRef.newBuilder().setUri("s3://images/street.jpg").setContentType("image/jpeg")
                        .setSha256("ab12cd").setWidth(1920).setHeight(1080).build())
                .setQuestion("What does the sign say?")
                .setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.AUTO).setThreshold(0.125f).build())
                .setDeadline(Instant.ofEpochMilli(1_795_000_030_000L))
                .setCreatedAt(Instant.ofEpochMilli(1_795_000_000_000L)).build(), read.get(0).value());
        assertEquals("q-ext-2", read.get(1).key());
        assertEquals(Question.newBuilder().setQuestionId("q-ext-2")
                .setImage(ImageRef.newBuilder().setUri("s3://images/letter.png").setContentType("image/png").build())
                .setQuestion("Who signed the letter?")
                .setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.OFF).build())
                .setCreatedAt(Instant.ofEpochMilli(1_795_000_001_000L)).build(), read.get(1).value());
    }

    /** The Question contract as a non-Java user holds it: without Avro's Java string hints. */
    private static String contractWithoutJavaHints() throws Exception {
        JsonNode schema = JSON.readTree(Topics.QUESTIONS.valueSchema().toString());
        removeJavaHints(schema);
        String text = schema.toString();
        assertFalse(text.contains("avro.java"), text);
        return text;
    }

    private static void removeJavaHints(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("avro.java.string");
        }
        node.forEach(ConfluentClientInteropContract::removeJavaHints);
    }

    private void assertAnswer(RoiAnswer expected, JsonNode actual) {
        String who = client + " read " + actual;
        assertEquals(expected.getQuestionId(), actual.get("questionId").asText(), who);
        assertEquals(expected.getAnswer(), actual.get("answer").asText(), who);
        assertEquals(expected.getMode().name(), actual.get("mode").asText(), who);
        assertEquals(expected.getBackboneId(), actual.get("backboneId").asText(), who);
        assertEquals(expected.getCheckpointVersion(), textOrNull(actual.get("checkpointVersion")), who);
        assertEquals(expected.getOverlayUri(), textOrNull(actual.get("overlayUri")), who);
        assertEquals(expected.getCreatedAt().toEpochMilli(), actual.get("createdAt").asLong(), who);
        assertEquals(expected.getBoxes().size(), actual.get("boxes").size(), who);
        for (int i = 0; i < expected.getBoxes().size(); i++) {
            RoiBox box = expected.getBoxes().get(i);
            JsonNode read = actual.get("boxes").get(i);
            assertEquals(List.of((double) box.getX0(), (double) box.getY0(), (double) box.getX1(),
                    (double) box.getY1(), (double) box.getScore()), List.of(read.get("x0").asDouble(),
                    read.get("y0").asDouble(), read.get("x1").asDouble(), read.get("y1").asDouble(),
                    read.get("score").asDouble()), who);
        }
        LatencyBreakdown latency = expected.getLatency();
        JsonNode readLatency = actual.get("latency");
        Map<String, Double> expectedLatency = Map.of("queueMs", latency.getQueueMs(), "rpnMs", latency.getRpnMs(),
                "cropEncodeMs", latency.getCropEncodeMs(), "answerMs", latency.getAnswerMs(),
                "totalMs", latency.getTotalMs());
        Map<String, Double> readLatencies = new HashMap<>();
        expectedLatency.keySet().forEach(name -> readLatencies.put(name, readLatency.get(name).asDouble()));
        assertEquals(expectedLatency, readLatencies, who);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static RoiAnswer answerWithRegion() {
        return RoiAnswer.newBuilder().setQuestionId("q-1").setAnswer("STOP")
                .setBoxes(List.of(RoiBox.newBuilder().setX0(0.125f).setY0(0.25f).setX1(0.5f).setY1(0.75f)
                        .setScore(0.875f).build()))
                .setMode(AnswerMode.RPN).setCheckpointVersion("tiny-vlm-0003").setBackboneId("tiny-vlm")
                .setLatency(LatencyBreakdown.newBuilder().setQueueMs(3.5).setRpnMs(12.25).setCropEncodeMs(4.0)
                        .setAnswerMs(40.5).setTotalMs(60.25).build())
                .setOverlayUri("s3://overlays/q-1.png").setCreatedAt(Instant.ofEpochMilli(1_795_000_000_060L))
                .build();
    }

    private static RoiAnswer fallbackAnswer() {
        return RoiAnswer.newBuilder().setQuestionId("q-2").setAnswer("a red bicycle")
                .setMode(AnswerMode.FALLBACK).setBackboneId("tiny-vlm")
                .setLatency(LatencyBreakdown.newBuilder().setQueueMs(1.0).setRpnMs(11.0).setCropEncodeMs(0.0)
                        .setAnswerMs(38.0).setTotalMs(50.0).build())
                .setCreatedAt(Instant.ofEpochMilli(1_795_000_000_900L)).build();
    }
}
