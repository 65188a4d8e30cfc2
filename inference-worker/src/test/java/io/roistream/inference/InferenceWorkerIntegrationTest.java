package io.roistream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.events.AnswerMode;
import io.roistream.events.Checkpoint;
import io.roistream.events.DeadLetter;
import io.roistream.events.ImageRef;
import io.roistream.events.InferenceTask;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiBox;
import io.roistream.events.RoiMode;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.runtime.config.Configuration;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The inference worker on a real broker, registry and S3 store, with the shipped backbone and
 * untrained (twig-initialised) RPN checkpoints published on {@code roi.checkpoints}: tasks pinned to
 * a checkpoint are answered with it (hot swap: two versions side by side), tasks without one or
 * with RoI off are answered plainly; a tampered checkpoint, an unknown version and bad tasks (not an
 * image, a decompression bomb, an empty question, a value that is not Avro) are dead-lettered with
 * stage and reason, and the good tasks after them are still answered, once each.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class InferenceWorkerIntegrationTest {

    private static final String GROUP = "inference-it";

    @Test
    void tasksAreAnsweredPerCheckpointAndBadOnesDeadLettered(StackEndpoints stack) throws Exception {
        KafkaTestClient kafka = new KafkaTestClient(stack);
        kafka.createTopics(List.of(Topics.INFERENCE_TASKS, Topics.ANSWERS, Topics.DEAD_LETTERS, Topics.CHECKPOINTS));
        Map<String, String> values = new HashMap<>(InferenceSettings.processDefaults());
        values.putAll(Map.of("kafka.bootstrap-servers", stack.bootstrapServers(),
            "schema.registry.url", stack.schemaRegistryUrl(), "kafka.group-id", GROUP,
            "objectstore.endpoint", stack.objectStoreEndpoint(), "objectstore.access-key", stack.objectStoreAccessKey(),
            "objectstore.secret-key", stack.objectStoreSecretKey(), "metrics.host", "127.0.0.1", "metrics.port", "0",
            "model.threads", "1", "kafka.batch.max-records", "4"));
        values.put("checkpoints.wait", "1s");
        Configuration config = Configuration.load(List.of(), Map.of(), values);

        BackboneManifest manifest = DefaultBackbone.manifest();
        byte[] v1;
        byte[] v2;
        try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
            v1 = TestCheckpoints.twigInitFile(backbone, manifest, Map.of(CheckpointCache.THRESHOLD_KEY, "0.5"));
            v2 = TestCheckpoints.twigInitFile(backbone, manifest, Map.of(CheckpointCache.THRESHOLD_KEY, "0.3"));
        }
        byte[] tampered = v1.clone();
        tampered[tampered.length - 1] ^= 1;

        try (ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(config))) {
            store.ensureBucket(ObjectStoreLayout.CHECKPOINTS_BUCKET);
            List<byte[][]> checkpoints = new ArrayList<>();
            checkpoints.add(checkpoint(kafka, store, manifest, "v1", v1, RpnCheckpoint.sha256(v1)));
            checkpoints.add(checkpoint(kafka, store, manifest, "v2", v2, RpnCheckpoint.sha256(v2)));
            checkpoints.add(checkpoint(kafka, store, manifest, "v-bad", tampered, RpnCheckpoint.sha256(v1)));
            checkpoints.add(checkpoint(kafka, store, manifest, "v-withdrawn", v1, RpnCheckpoint.sha256(v1)));
            checkpoints.add(new byte[][] {kafka.serialized(Topics.CHECKPOINTS, "v-withdrawn", null)[0], null});
            checkpoints.add(new byte[][] {kafka.serialized(Topics.CHECKPOINTS, "v-garbage", null)[0],
                "not avro at all".getBytes(StandardCharsets.UTF_8)});
            kafka.produceRaw(Topics.CHECKPOINTS.name(), checkpoints);

            List<byte[][]> records = new ArrayList<>();
            records.add(task(kafka, "rpn-a", scene(12), TestTasks.question(12), "v1", RoiMode.AUTO));
            records.add(task(kafka, "plain-none", scene(11), TestTasks.question(11), null, RoiMode.AUTO));
            records.add(task(kafka, "bad-checkpoint", scene(13), TestTasks.question(13), "v-bad", RoiMode.AUTO));
            records.add(task(kafka, "rpn-b", scene(13), TestTasks.question(13), "v1", RoiMode.AUTO));
            records.add(task(kafka, "off-mode", scene(17), TestTasks.question(17), "v1", RoiMode.OFF));
            records.add(task(kafka, "unknown-version", scene(12), TestTasks.question(12), "v-never", RoiMode.AUTO));
            records.add(task(kafka, "not-an-image", TestTasks.inline("hello, worker".getBytes(StandardCharsets.UTF_8)),
                TestTasks.question(12), "v1", RoiMode.AUTO));
            records.add(task(kafka, "no-question", scene(12), "", "v1", RoiMode.AUTO));
            records.add(task(kafka, "bomb", TestTasks.inline(TestImages.pngHeaderClaiming(100_000, 100_000)),
                TestTasks.question(12), "v1", RoiMode.AUTO));
            records.add(new byte[][] {"garbage".getBytes(StandardCharsets.UTF_8),
                "not avro at all".getBytes(StandardCharsets.UTF_8)});
            records.add(task(kafka, "rpn-c", scene(17), TestTasks.question(17), "v1", RoiMode.AUTO));
            records.add(task(kafka, "swapped-d", scene(16), TestTasks.question(16), "v2", RoiMode.AUTO));
            List<Long> offsets = kafka.produceRaw(Topics.INFERENCE_TASKS.name(), records);

            InferenceWorker worker = InferenceWorker.start(config);
            Thread thread = new Thread(worker, "inference-it");
            try {
                // the tasks wait only 1 s for a version to appear: let the catalogue read the checkpoint
                // topic to its end (its last record is the garbage event) before any task is taken
                long patience = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (worker.counters().unreadableCheckpointEvents() < 1 && System.nanoTime() < patience) {
                    Thread.sleep(50);
                }
                thread.start();
                kafka.awaitCommitted(GROUP, Topics.INFERENCE_TASKS.name(), offsets.get(offsets.size() - 1) + 1);
                assertEquals(200, health(worker.metricsPort()));
                String scrape = worker.metrics().registry().scrape().toString();
                assertEquals(2.0, worker.counters().loads(), scrape);
                assertEquals(1.0, worker.counters().refusals(), scrape);
                assertEquals(Set.of("v1", "v2"), Set.copyOf(worker.loadedVersions()));
                assertEquals(2.0, worker.counters().answers(AnswerMode.OFF), scrape);
                assertEquals(4.0, worker.counters().answers(AnswerMode.RPN)
                    + worker.counters().answers(AnswerMode.FALLBACK), scrape);
                assertEquals(1.0, worker.counters().unreadableCheckpointEvents(), "the garbage checkpoint event");
                assertTrue(worker.catalog().find("v-withdrawn").isEmpty(), "a tombstone withdraws its version");
                assertTrue(worker.catalog().find("v2").isPresent());
            } finally {
                worker.close();
                thread.join();
            }

            List<ConsumerRecord<String, RoiAnswer>> answers = kafka.readCommitted(Topics.ANSWERS);
            Map<String, RoiAnswer> byId = new HashMap<>();
            for (ConsumerRecord<String, RoiAnswer> record : answers) {
                assertEquals(record.key(), record.value().getQuestionId());
                byId.put(record.key(), record.value());
            }
            assertEquals(6, answers.size(), byId.keySet().toString());
            assertEquals(Set.of("rpn-a", "plain-none", "rpn-b", "off-mode", "rpn-c", "swapped-d"), byId.keySet());
            for (String plain : List.of("plain-none", "off-mode")) {
                RoiAnswer answer = byId.get(plain);
                assertEquals(AnswerMode.OFF, answer.getMode(), plain);
                assertNull(answer.getCheckpointVersion(), plain);
                assertTrue(answer.getBoxes().isEmpty(), plain);
                assertNull(answer.getOverlayUri(), plain);
            }
            int withRegion = 0;
            for (String pinned : List.of("rpn-a", "rpn-b", "rpn-c", "swapped-d")) {
                RoiAnswer answer = byId.get(pinned);
                assertEquals(pinned.equals("swapped-d") ? "v2" : "v1", answer.getCheckpointVersion(), pinned);
                assertTrue(answer.getMode() == AnswerMode.RPN || answer.getMode() == AnswerMode.FALLBACK, pinned);
                assertEquals(AnswerObjects.overlayRef(pinned).format(), answer.getOverlayUri(), pinned);
                assertTrue(store.exists(ObjectRef.parse(answer.getOverlayUri())), answer.getOverlayUri());
                if (answer.getMode() == AnswerMode.RPN) {
                    withRegion++;
                    assertEquals(1, answer.getBoxes().size(), pinned);
                    RoiBox box = answer.getBoxes().get(0);
                    assertTrue(0 <= box.getX0() && box.getX0() < box.getX1() && box.getX1() <= 1, box.toString());
                    assertTrue(0 <= box.getY0() && box.getY0() < box.getY1() && box.getY1() <= 1, box.toString());
                    assertTrue(box.getScore() > 0 && box.getScore() <= 1, box.toString());
                } else {
                    assertTrue(answer.getBoxes().isEmpty(), pinned);
                }
            }
            assertTrue(withRegion > 0, "no pinned task found a region: " + byId);
            for (RoiAnswer answer : byId.values()) {
                assertEquals(manifest.name(), answer.getBackboneId());
                assertTrue(answer.getLatency().getTotalMs() >= answer.getLatency().getQueueMs(), answer.toString());
                assertTrue(answer.getLatency().getAnswerMs() > 0, answer.toString());
            }
        }

        Map<Long, ConsumerRecord<String, DeadLetter>> letters = new HashMap<>();
        for (ConsumerRecord<String, DeadLetter> letter : kafka.readCommitted(Topics.DEAD_LETTERS)) {
            if (letters.put(letter.value().getOffset(), letter) != null) {
                throw new AssertionError("offset " + letter.value().getOffset() + " was dead-lettered twice");
            }
        }
        assertEquals(new HashSet<>(List.of(2L, 5L, 6L, 7L, 8L, 9L)), letters.keySet());
        assertDeadLetter(letters.get(2L), "REJECTED", "checkpoint v-bad is refused");
        assertDeadLetter(letters.get(5L), "REJECTED", "checkpoint v-never is not on roi.checkpoints");
        assertDeadLetter(letters.get(6L), "REJECTED", "NOT_AN_IMAGE");
        assertDeadLetter(letters.get(7L), "REJECTED", "question: the question is empty");
        assertDeadLetter(letters.get(8L), "REJECTED", "TOO_MANY_PIXELS");
        assertDeadLetter(letters.get(9L), "UNREADABLE", "roi.inference-tasks");
    }

    private static ImageRef scene(long seed) {
        return TestTasks.inline(TestTasks.scenePng(seed));
    }

    private static byte[][] checkpoint(KafkaTestClient kafka, ObjectStore store, BackboneManifest manifest,
                                       String version, byte[] file, String announcedSha) {
        ObjectRef ref = new ObjectRef(ObjectStoreLayout.CHECKPOINTS_BUCKET, manifest.name() + "/" + version + "/rpn.ckpt");
        store.put(ref, file, "application/octet-stream");
        Checkpoint event = TestCheckpoints.event(version, manifest.name(), ref.format(), announcedSha, file.length);
        return kafka.serialized(Topics.CHECKPOINTS, version, event);
    }

    private static byte[][] task(KafkaTestClient kafka, String questionId, ImageRef image, String question,
                                 String version, RoiMode mode) {
        InferenceTask task = TestTasks.task(questionId, image, question, version, mode);
        return kafka.serialized(Topics.INFERENCE_TASKS, questionId, task);
    }

    private static void assertDeadLetter(ConsumerRecord<String, DeadLetter> record, String reason, String detail) {
        DeadLetter letter = record.value();
        assertEquals(InferenceWorker.STAGE, letter.getStage());
        assertEquals(Topics.INFERENCE_TASKS.name(), letter.getOriginalTopic());
        assertEquals(reason, header(record, ProcessingLoop.REASON_HEADER));
        assertEquals(InferenceWorker.STAGE, header(record, ProcessingLoop.STAGE_HEADER));
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
