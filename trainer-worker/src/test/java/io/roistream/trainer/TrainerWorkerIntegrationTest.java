package io.roistream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The trainer on a real broker, registry and S3 store with the shipped backbone: a trigger with a
 * manifest becomes one READY checkpoint that loads; a trigger whose manifest is missing is
 * dead-lettered; the first trigger delivered again is announced again without a second training.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class TrainerWorkerIntegrationTest {

    private static final String GROUP = "trainers-it";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aTriggerBecomesOneCheckpointEvenWhenDeliveredTwice(StackEndpoints stack) throws Exception {
        createTopics(stack, List.of(Topics.TRAINING_TRIGGERS, Topics.CHECKPOINTS, Topics.DEAD_LETTERS));
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
            long last = produce(stack, Topics.TRAINING_TRIGGERS, List.of(good, missing, good));

            TrainerWorker worker = TrainerWorker.start(config);
            Thread thread = new Thread(worker, "trainer-it");
            try {
                thread.start();
                awaitCommitted(stack, Topics.TRAINING_TRIGGERS.name(), last + 1);
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

            List<ConsumerRecord<String, Checkpoint>> checkpoints = readCommitted(stack, Topics.CHECKPOINTS);
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

            List<ConsumerRecord<String, DeadLetter>> letters = readCommitted(stack, Topics.DEAD_LETTERS);
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0).value();
            assertEquals(1L, letter.getOffset());
            assertEquals(TrainerWorker.STAGE, letter.getStage());
            assertTrue(letter.getErrorMessage().startsWith("REJECTED") && letter.getErrorMessage().contains("does not exist"),
                    letter.getErrorMessage());
        }
    }

    private static void createTopics(StackEndpoints stack, List<Topic<String, ?>> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (Topic<String, ?> topic : topics) {
                newTopics.add(topic.newTopic(Optional.of(1), Optional.empty()));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    /** Produces the triggers, in order, keyed by trigger id; returns the last offset. */
    private static long produce(StackEndpoints stack, Topic<String, TrainingTrigger> topic, List<TrainingTrigger> triggers)
            throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Object> serde = Map.of("schema.registry.url", stack.schemaRegistryUrl());
        long last = -1;
        try (KafkaProducer<String, TrainingTrigger> producer = new KafkaProducer<>(properties,
                topic.keySerde(serde).serializer(), topic.valueSerde(serde).serializer())) {
            for (TrainingTrigger trigger : triggers) {
                last = producer.send(new ProducerRecord<>(topic.name(), 0, trigger.getTriggerId(), trigger)).get().offset();
            }
        }
        return last;
    }

    private static <V> List<ConsumerRecord<String, V>> readCommitted(StackEndpoints stack, Topic<String, V> topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Object> serde = Map.of("schema.registry.url", stack.schemaRegistryUrl());
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties, topic.keySerde(serde).deserializer(),
                topic.valueSerde(serde).deserializer())) {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    fail("could not read " + topic.name() + " up to offset " + end + " within " + PATIENCE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void awaitCommitted(StackEndpoints stack, String topic, long offset) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                        .get(partition);
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("group " + GROUP + " did not commit offset " + offset + " of " + topic + " within " + PATIENCE
                            + " (committed: " + committed + ")");
                }
                Thread.sleep(100);
            }
        }
    }
}
