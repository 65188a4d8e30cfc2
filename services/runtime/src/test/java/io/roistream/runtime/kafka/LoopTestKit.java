package io.roistream.runtime.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import io.roistream.events.ImageRef;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiMode;
import io.roistream.schemas.Topic;
import io.roistream.stack.StackEndpoints;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Producing, reading and waiting against the real broker of a test stack. */
final class LoopTestKit {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    private LoopTestKit() {
    }

    static Map<String, Object> serdeConfig(StackEndpoints stack) {
        return Map.of("schema.registry.url", stack.schemaRegistryUrl());
    }

    static void createTopics(StackEndpoints stack, Topic<?, ?>... topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<org.apache.kafka.clients.admin.NewTopic> newTopics = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                newTopics.add(topic.newTopic(Optional.of(1), Optional.empty()));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    static Question question(String id) {
        Instant created = Instant.ofEpochMilli(1_795_000_000_000L);
        return Question.newBuilder().setQuestionId(id)
                .setImage(ImageRef.newBuilder().setInlineBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .setContentType("image/png").build())
                .setQuestion("What is written on the sign?")
                .setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.AUTO).setThreshold(null).build())
                .setDeadline(null).setCreatedAt(created).build();
    }

    static InferenceTask taskFor(Question question) {
        return InferenceTask.newBuilder().setQuestion(question).setCheckpointVersion(null).setBackboneId("tiny-vlm")
                .setRoutedAt(question.getCreatedAt()).build();
    }

    /** Raw bytes of a key and value as the topic's serdes write them. */
    static <V> byte[][] serialized(Topic<String, V> topic, Map<String, Object> serdeConfig, String key, V value) {
        try (Serializer<String> keys = topic.keySerde(serdeConfig).serializer();
             Serializer<V> values = topic.valueSerde(serdeConfig).serializer()) {
            return new byte[][] {keys.serialize(topic.name(), key), values.serialize(topic.name(), value)};
        }
    }

    /** Writes raw key/value pairs, in order, to partition 0 of {@code topic}; returns their offsets. */
    static List<Long> produceRaw(StackEndpoints stack, String topic, List<byte[][]> records) throws Exception {
        return new KafkaTestClient(stack).produceRaw(topic, records);
    }

    /** Every record of {@code topic} up to its current end, as a consumer of {@code isolation} sees it. */
    static <K, V> List<ConsumerRecord<K, V>> readAll(StackEndpoints stack, String topic, String isolation,
                                                     Deserializer<K> keys, Deserializer<V> values) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(properties, keys, values)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    fail("could not read " + topic + " up to offset " + end + " within " + PATIENCE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Raw records of {@code topic} up to its end, read_committed. */
    static List<ConsumerRecord<byte[], byte[]>> readAllRaw(StackEndpoints stack, String topic) {
        return readAll(stack, topic, "read_committed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Waits until {@code group} has committed offset {@code offset} on partition 0 of {@code topic}. */
    static void awaitCommitted(StackEndpoints stack, String group, String topic, long offset) throws Exception {
        new KafkaTestClient(stack).awaitCommitted(group, topic, offset);
    }

    /** Runs {@code loop} on a thread of its own. */
    static Thread start(ProcessingLoop<?> loop) {
        Thread thread = new Thread(loop, "processing-loop-" + UUID.randomUUID());
        thread.start();
        return thread;
    }

    /** Closes {@code loop} and waits up to a minute for its thread to end; fails if it does not. */
    static void stop(ProcessingLoop<?> loop, Thread thread) throws InterruptedException {
        loop.close();
        thread.join(Duration.ofMinutes(1).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the loop's thread " + thread.getName() + " did not end within a minute of close()");
        }
    }
}
