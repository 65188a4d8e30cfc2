package io.roistream.coordinator;

import static io.roistream.coordinator.TestEvents.BACKBONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roistream.coordinator.checkpoints.CheckpointCatalog;
import io.roistream.coordinator.training.ManualTrigger;
import io.roistream.coordinator.training.TrainingState;
import io.roistream.coordinator.training.TrainingTopology;
import io.roistream.events.AnswerMode;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.DeadLetter;
import io.roistream.events.InferenceTask;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.RoiMode;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.schemas.TrainingTriggers;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator process's Kafka Streams application end to end on the embedded stack (broker,
 * registry, object store): labels to a trigger and its manifest, a checkpoint to pinned routing,
 * an answer to the latency histogram, a manual request, and unreadable input dead-lettered under
 * exactly-once.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class CoordinatorIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static StackEndpoints stack;
    private static Map<String, Object> serdeConfig;

    @BeforeAll
    static void createTopics(StackEndpoints endpoints) throws Exception {
        stack = endpoints;
        serdeConfig = Map.of("schema.registry.url", stack.schemaRegistryUrl());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(Topics.all().stream().map(topic -> topic.newTopic(Optional.of(1), Optional.empty()))
                    .toList()).all().get();
        }
    }

    @Test
    void labelsTriggerTrainingAndItsCheckpointPinsTheQuestions(@TempDir Path stateDir) throws Exception {
        try (Coordinator coordinator = Coordinator.start(configuration(stateDir));
             ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(configuration(stateDir)));
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            eventually("Kafka Streams runs", () -> coordinator.streams().state() == KafkaStreams.State.RUNNING);
            byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
            raw.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), "v-bad".getBytes(StandardCharsets.UTF_8), garbage));
            raw.send(new ProducerRecord<>(Topics.QUESTIONS.name(), "q-bad".getBytes(StandardCharsets.UTF_8), garbage));
            for (String sampleId : List.of("s1", "s2", "s3")) {
                send(Topics.PSEUDO_LABELS, sampleId, TestEvents.kept(sampleId));
            }

            TrainingTrigger trigger = await(Topics.TRAINING_TRIGGERS, t -> !TrainingTriggers.isManualRequest(t));
            assertEquals(TriggerReason.COUNT, trigger.getReason());
            assertEquals(3, trigger.getLabelCount());
            assertNull(trigger.getBaseCheckpointVersion());
            LabelManifest manifest = LabelManifestCodec.decode(
                    store.getBytes(ObjectRef.parse(trigger.getManifestUri()), 1 << 20));
            assertEquals(trigger.getTriggerId(), manifest.triggerId());
            assertEquals(List.of("s1", "s2", "s3"), manifest.labels().stream().map(PseudoLabel::getSampleId).toList());

            send(Topics.CHECKPOINTS, "v-0001", TestEvents.checkpoint("v-0001", trigger.getTriggerId(),
                    CheckpointStatus.READY, Instant.now()));
            eventually("the catalogue lists checkpoint v-0001", () -> new CheckpointCatalog(
                    store(coordinator, CheckpointCatalog.STORE)).latestReady(BACKBONE).isPresent());
            Question question = TestEvents.question("q-1", Instant.now(), RoiMode.AUTO);
            send(Topics.QUESTIONS, "q-1", question);
            InferenceTask task = await(Topics.INFERENCE_TASKS, t -> t.getQuestion().getQuestionId().equals("q-1"));
            assertEquals("v-0001", task.getCheckpointVersion());

            send(Topics.ANSWERS, "q-1", TestEvents.answer("q-1", AnswerMode.RPN));
            eventually("the answer's latency is recorded", () -> MetricValues.histogramCount(coordinator.metrics(),
                    "roistream_question_answer_latency_seconds", "mode", "RPN") == 1);

            eventually("the checkpoint releases the backbone", () -> {
                ReadOnlyKeyValueStore<String, TrainingState> states =
                        store(coordinator, TrainingTopology.TRAINING_STATE_STORE);
                TrainingState state = states.get(BACKBONE);
                return state != null && state.inFlight() == null;
            });
            ManualTrigger.publish(stack.bootstrapServers(), serdeConfig, BACKBONE);
            TrainingTrigger manual = await(Topics.TRAINING_TRIGGERS, t -> t.getReason() == TriggerReason.MANUAL
                    && !TrainingTriggers.isManualRequest(t));
            assertEquals(3, manual.getLabelCount());
            assertEquals("v-0001", manual.getBaseCheckpointVersion());

            DeadLetter letter = await(Topics.DEAD_LETTERS, d -> true);
            assertEquals(Topics.QUESTIONS.name(), letter.getOriginalTopic());
            assertEquals(CoordinatorMetrics.STAGE, letter.getStage());
            assertEquals(1, MetricValues.counter(coordinator.metrics(), "roistream_unreadable_records", "topic",
                    Topics.CHECKPOINTS.name()));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + coordinator.metricsPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            String metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + coordinator.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("roistream_question_answer_latency_seconds_count{mode=\"RPN\",stage=\"coordinator\"} 1"),
                    metrics);
        }
    }

    private static Configuration configuration(Path stateDir) {
        Map<String, String> values = new HashMap<>(CoordinatorSettings.processDefaults());
        values.put("kafka.bootstrap-servers", stack.bootstrapServers());
        values.put("schema.registry.url", stack.schemaRegistryUrl());
        values.put("objectstore.endpoint", stack.objectStoreEndpoint());
        values.put("objectstore.access-key", stack.objectStoreAccessKey());
        values.put("objectstore.secret-key", stack.objectStoreSecretKey());
        values.put("coordinator.state-dir", stateDir.toString());
        values.put("coordinator.training.new-labels", "3");
        values.put("coordinator.training.time-min-new-labels", "1");
        values.put("coordinator.training.check-interval", "200ms");
        values.put("coordinator.training.partitions", "1");
        values.put("metrics.host", "127.0.0.1");
        values.put("metrics.port", "0");
        return Configuration.load(List.of(), Map.of(), values);
    }

    private static Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProperties(),
                topic.keySerde(serdeConfig).serializer(), topic.valueSerde(serdeConfig).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    /** The first committed record of {@code topic} whose value matches, waiting for it. */
    private static <V> V await(Topic<String, V> topic, Predicate<V> wanted) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties,
                topic.keySerde(serdeConfig).deserializer(), topic.valueSerde(serdeConfig).deserializer())) {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && wanted.test(record.value())) {
                        return record.value();
                    }
                }
            }
        }
        return fail("no matching record on " + topic.name() + " within " + PATIENCE);
    }

    private static <T> ReadOnlyKeyValueStore<String, T> store(Coordinator coordinator, String name) {
        return coordinator.streams().store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, T>keyValueStore()));
    }

    private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (InvalidStateStoreException e) {
                // stores cannot be queried during a rebalance: ask again
            }
            Thread.sleep(100);
        }
        fail(what + ": not within " + PATIENCE);
    }
}
