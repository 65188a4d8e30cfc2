package io.roistream.labeler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.DeadLetter;
import io.roistream.events.DropReason;
import io.roistream.events.LabelDecision;
import io.roistream.events.LabelRequest;
import io.roistream.events.PseudoLabel;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.labels.MapsCodec;
import io.roistream.model.labels.StoredMaps;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.images.ImageIntake;
import io.roistream.runtime.images.TestImages;
import io.roistream.runtime.kafka.KafkaTestClient;
import io.roistream.runtime.kafka.ProcessingLoop;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The labeler on a real broker, registry and S3 store, with the shipped backbone: good requests,
 * inline and by URI, become pseudo-labels whose maps objects decode; bad ones (not an image, too
 * small, a decompression bomb, a missing object, an empty question, a value that is not Avro) go to
 * the dead-letter topic with stage and reason, and the good ones after them are still labelled.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class LabelerWorkerIntegrationTest {

    private static final String GROUP = "labelers-it";
    private static final SceneGenerator SCENES = new SceneGenerator(SceneConfig.defaults());

    private static String fineQuestion(long seed) {
        return new QuestionGenerator(ProbeRun.mix()).questions(SCENES.generate(seed), 1, seed).get(0).question();
    }

    @Test
    void goodRequestsAreLabelledAndBadOnesDeadLettered(StackEndpoints stack) throws Exception {
        KafkaTestClient kafka = new KafkaTestClient(stack);
        kafka.createTopics(List.of(Topics.LABEL_REQUESTS, Topics.PSEUDO_LABELS, Topics.DEAD_LETTERS));
        Map<String, String> values = new HashMap<>(LabelerSettings.processDefaults());
        values.putAll(Map.of("kafka.bootstrap-servers", stack.bootstrapServers(),
            "schema.registry.url", stack.schemaRegistryUrl(), "kafka.group-id", GROUP,
            "objectstore.endpoint", stack.objectStoreEndpoint(), "objectstore.access-key", stack.objectStoreAccessKey(),
            "objectstore.secret-key", stack.objectStoreSecretKey(), "metrics.host", "127.0.0.1", "metrics.port", "0",
            "model.threads", "1", "kafka.batch.max-records", "4"));
        Configuration config = Configuration.load(List.of(), Map.of(), values);

        try (ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(config))) {
            store.ensureBucket(ObjectStoreLayout.IMAGES_BUCKET);
            byte[] storedPng = TestRequests.scenePng(12);
            store.put(ObjectRef.parse("s3://images/scenes/12.png"), storedPng, "image/png");
            byte[] inlinePng = TestRequests.scenePng(11);
            byte[] laterPng = TestRequests.scenePng(13);

            List<byte[][]> records = new ArrayList<>();
            records.add(request(kafka, "good-inline", TestRequests.inline(inlinePng), fineQuestion(11)));
            records.add(request(kafka, "not-an-image", TestRequests.inline("hello, labeler".getBytes(StandardCharsets.UTF_8)),
                fineQuestion(11)));
            records.add(request(kafka, "good-uri", io.roistream.events.ImageRef.newBuilder(
                TestRequests.stored("s3://images/scenes/12.png")).setSha256(ImageIntake.sha256(storedPng)).build(),
                fineQuestion(12)));
            records.add(request(kafka, "one-pixel", TestRequests.inline(TestRequests.blankPng(1, 1)), fineQuestion(11)));
            records.add(request(kafka, "bomb", TestRequests.inline(TestImages.pngHeaderClaiming(100_000, 100_000)),
                fineQuestion(11)));
            records.add(request(kafka, "missing", TestRequests.stored("s3://images/absent.png"), fineQuestion(11)));
            records.add(request(kafka, "no-question", TestRequests.inline(inlinePng), ""));
            records.add(new byte[][] {"garbage".getBytes(StandardCharsets.UTF_8),
                "not avro at all".getBytes(StandardCharsets.UTF_8)});
            records.add(request(kafka, "good-later", TestRequests.inline(laterPng), fineQuestion(13)));
            List<Long> offsets = kafka.produceRaw(Topics.LABEL_REQUESTS.name(), records);

            LabelerWorker worker = LabelerWorker.start(config);
            Thread thread = new Thread(worker, "labeler-it");
            try {
                thread.start();
                kafka.awaitCommitted(GROUP, Topics.LABEL_REQUESTS.name(), offsets.get(offsets.size() - 1) + 1);
                assertEquals(200, health(worker.metricsPort()));
                String scrape = worker.metrics().registry().scrape().toString();
                double labelled = worker.counters().kept() + worker.counters().dropped(DropReason.BOX_TOO_LARGE)
                    + worker.counters().dropped(DropReason.EMPTY_ANSWER) + worker.counters().dropped(DropReason.OTHER);
                assertEquals(3.0, labelled, scrape);
            } finally {
                worker.close();
                thread.join();
            }

            List<ConsumerRecord<String, PseudoLabel>> labels = kafka.readCommitted(Topics.PSEUDO_LABELS);
            assertEquals(List.of("good-inline", "good-uri", "good-later"), labels.stream().map(ConsumerRecord::key).toList());
            for (ConsumerRecord<String, PseudoLabel> record : labels) {
                PseudoLabel label = record.value();
                assertEquals(record.key(), label.getSampleId());
                assertEquals("req-" + record.key(), label.getRequestId());
                assertEquals(worker.events().backboneId(), label.getBackboneId());
                assertEquals(worker.events().backboneVersion(), label.getBackboneVersion());
                assertEquals(worker.events().labelerVersion(), label.getLabelerVersion());
                assertEquals(LabelObjects.mapsRef(label.getBackboneId(), record.key()).format(), label.getMaps().getUri());
                StoredMaps maps = MapsCodec.decode(store.getBytes(ObjectRef.parse(label.getMaps().getUri()), 1 << 20));
                assertEquals(label.getBackboneId(), maps.backboneId());
                assertEquals(label.getGridHeight(), maps.maps().height());
                assertEquals(label.getGridWidth(), maps.maps().width());
                assertEquals(label.getDecision() == LabelDecision.KEPT, label.getDropReason() == null);
                assertTrue(label.getForegroundBox().getBottom() <= label.getGridHeight());
                assertNull(label.getImage().getInlineBytes());
                assertTrue(store.exists(ObjectRef.parse(label.getImage().getUri())), label.getImage().getUri());
            }
            assertEquals("s3://images/" + ImageIntake.sha256(inlinePng) + ".png", labels.get(0).value().getImage().getUri());
            assertEquals("s3://images/scenes/12.png", labels.get(1).value().getImage().getUri());
            assertEquals(384, labels.get(1).value().getImage().getWidth());
        }

        Map<Long, ConsumerRecord<String, DeadLetter>> letters = new HashMap<>();
        for (ConsumerRecord<String, DeadLetter> letter : kafka.readCommitted(Topics.DEAD_LETTERS)) {
            if (letters.put(letter.value().getOffset(), letter) != null) {
                throw new AssertionError("offset " + letter.value().getOffset() + " was dead-lettered twice");
            }
        }
        assertEquals(6, letters.size(), letters.keySet().toString());
        assertDeadLetter(letters.get(1L), "REJECTED", "NOT_AN_IMAGE");
        assertDeadLetter(letters.get(3L), "REJECTED", "1x1 px");
        assertDeadLetter(letters.get(4L), "REJECTED", "TOO_MANY_PIXELS");
        assertDeadLetter(letters.get(5L), "REJECTED", "OBJECT_MISSING");
        assertDeadLetter(letters.get(6L), "REJECTED", "question: the question is empty");
        assertDeadLetter(letters.get(7L), "UNREADABLE", "roi.label-requests");
    }

    private static byte[][] request(KafkaTestClient kafka, String sampleId, io.roistream.events.ImageRef image,
                                    String question) {
        LabelRequest request = TestRequests.request(sampleId, image, question);
        return kafka.serialized(Topics.LABEL_REQUESTS, sampleId, request);
    }

    private static void assertDeadLetter(ConsumerRecord<String, DeadLetter> record, String reason, String detail) {
        DeadLetter letter = record.value();
        assertEquals(LabelerWorker.STAGE, letter.getStage());
        assertEquals(Topics.LABEL_REQUESTS.name(), letter.getOriginalTopic());
        assertEquals(reason, header(record, ProcessingLoop.REASON_HEADER));
        assertEquals(LabelerWorker.STAGE, header(record, ProcessingLoop.STAGE_HEADER));
        assertTrue(letter.getErrorMessage().startsWith(reason + ": "), letter.getErrorMessage());
        assertTrue(letter.getErrorMessage().contains(detail), letter.getErrorMessage());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int health(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
