package io.roistream.runtime.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import io.roistream.schemas.Topic;
import io.roistream.stack.StackEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Producing, reading and waiting on the real broker of a test stack, partition 0 of one-partition
 * topics; shared with the workers' integration tests through this module's test jar.
 */
public final class KafkaTestClient {

    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private final StackEndpoints stack;
    private final Map<String, Object> serdeConfig;

    public KafkaTestClient(StackEndpoints stack) {
        this.stack = stack;
        this.serdeConfig = Map.of("schema.registry.url", stack.schemaRegistryUrl());
    }

    public Map<String, Object> serdeConfig() {
        return serdeConfig;
    }

    public void createTopics(List<Topic<String, ?>> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (Topic<String, ?> topic : topics) {
                newTopics.add(topic.newTopic(Optional.of(1), Optional.empty()));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    /** Key and value bytes as the topic's serdes write them. */
    public <V> byte[][] serialized(Topic<String, V> topic, String key, V value) {
        try (Serializer<String> keys = topic.keySerde(serdeConfig).serializer();
             Serializer<V> values = topic.valueSerde(serdeConfig).serializer()) {
            return new byte[][] {keys.serialize(topic.name(), key), values.serialize(topic.name(), value)};
        }
    }

    /** Writes raw key/value pairs, in order; returns their offsets. */
    public List<Long> produceRaw(String topic, List<byte[][]> records) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[][] record : records) {
                offsets.add(producer.send(new ProducerRecord<>(topic, 0, record[0], record[1])).get().offset());
            }
        }
        return offsets;
    }

    /** Every committed record of {@code topic} up to its current end, deserialized with its serdes. */
    public <V> List<ConsumerRecord<String, V>> readCommitted(Topic<String, V> topic) {
        return LoopTestKit.readAll(stack, topic.name(), "read_committed", topic.keySerde(serdeConfig).deserializer(),
                topic.valueSerde(serdeConfig).deserializer());
    }

    /** Waits until {@code group} has committed {@code offset} on partition 0 of {@code topic}. */
    public void awaitCommitted(String group, String topic, long offset) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(partition);
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("group " + group + " did not commit offset " + offset + " of " + topic + " within " + PATIENCE
                        + " (committed: " + committed + ")");
                }
                Thread.sleep(100);
            }
        }
    }
}
