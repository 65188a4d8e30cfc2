package io.roistream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.DeadLetter;
import io.roistream.events.TrainingTrigger;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.kafka.KafkaTestClient;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The trainer on a real broker, registry and S3 store with the shipped backbone: a trigger with a
 * manifest becomes one READY checkpoint that loads; a trigger whose manifest is missing is
 * dead-lettered; the first trigger delivered again is announced again without a second training.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class TrainerWorkerIntegrationTest {

    private static final String GROUP = "trainers-it";

    @Test
    void aTriggerBecomesOneCheckpointEvenWhenDeliveredTwice(StackEndpoints stack) throws Exception {
        KafkaTestClient kafka = new KafkaTestClient(stack);
        kafka.createTopics(List.of(Topics.TRAINING_TRIGGERS, Topics.CHECKPOINTS, Topics.DEAD_LETTERS));
        Map<String, String> values = new HashMap<>(TrainerWorker.processDefaults());
        values.putAll(Map.of("kafka.bootstrap-servers", stack.bootstrapServers(),
                "schema.registry.url", stack.schemaRegistryUrl(), "kafka.group-id", GROUP,
                "objectstore.endpoint", stack.objectStoreEndpoint(), "objectstore.access-key", stack.objectStoreAccessKey(),
                "objectstore.secret-key", stack.objectStoreSecretKey(), "metrics.host", "127.0.0.1", "metrics.port", "0",
                "model.threads", "1"));
        values.putAll(Map.of("trainer.epochs", "1", "trainer.batch", "8"));
        Configuration config = Configuration.load(List.of(), Map.of(), values);
        Engines.configure(1, 7);
        BackboneManifest manifest = DefaultBackbone.manifest();
        try (ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(config));
             DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
            TrainingTrigger good = StoredLabelSets.store(store, manifest, "t-good",
                    TrainingScenes.make(backbone, manifest, 4, 3), 2);
            TrainingTrigger missing = StoredLabelSets.trigger(manifest.name(), "t-missing",
                    "s3://manifests/" + manifest.name() + "/t-missing.json", 3);
            List<byte[][]> triggers = new ArrayList<>();
            for (TrainingTrigger trigger : List.of(good, missing, good)) {
                triggers.add(kafka.serialized(Topics.TRAINING_TRIGGERS, trigger.getTriggerId(), trigger));
            }
            List<Long> offsets = kafka.produceRaw(Topics.TRAINING_TRIGGERS.name(), triggers);
            long last = offsets.get(offsets.size() - 1);

            TrainerWorker worker = TrainerWorker.start(config);
            Thread thread = new Thread(worker, "trainer-it");
            try {
                thread.start();
                kafka.awaitCommitted(GROUP, Topics.TRAINING_TRIGGERS.name(), last + 1);
                String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + worker.metricsPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(scrape.contains("roistream_trainer_trainings_total{outcome=\"ready\",stage=\"trainer\"} 1.0")
                        && scrape.contains("roistream_trainer_trainings_total{outcome=\"republished\",stage=\"trainer\"} 1.0"),
                        scrape);
            } finally {
                worker.close();
                thread.join();
            }

            List<ConsumerRecord<String, Checkpoint>> checkpoints = kafka.readCommitted(Topics.CHECKPOINTS);
            assertEquals(2, checkpoints.size(), "one announcement per delivery of the good trigger");
            Checkpoint first = checkpoints.get(0).value();
            assertEquals(first, checkpoints.get(1).value(), "the redelivery announces the same checkpoint");
            assertEquals("t-good", checkpoints.get(0).key());
            assertEquals(CheckpointStatus.READY, first.getStatus());
            assertEquals("s3://checkpoints/" + manifest.name() + "/t-good/rpn.ckpt", first.getArtifactUri());
            assertEquals(12, first.getLabelCount());
            assertEquals(2.0, first.getMetrics().get("left_out_labels"), "labels of another backbone version");
            assertTrue(first.getMetrics().get("usable_labels") >= 2, first.getMetrics().toString());
            byte[] file = store.getBytes(ObjectRef.parse(first.getArtifactUri()), 1L << 30);
            assertEquals(first.getSizeBytes(), file.length);
            try (Rpn rpn = RpnCheckpoint.load(file, first.getSha256(), backbone, manifest)) {
                assertTrue(rpn.parameterCount() > 0);
            }

            List<ConsumerRecord<String, DeadLetter>> letters = kafka.readCommitted(Topics.DEAD_LETTERS);
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0).value();
            assertEquals(1L, letter.getOffset());
            assertEquals(TrainerWorker.STAGE, letter.getStage());
            assertTrue(letter.getErrorMessage().startsWith("REJECTED") && letter.getErrorMessage().contains("does not exist"),
                    letter.getErrorMessage());
        }
    }
}
