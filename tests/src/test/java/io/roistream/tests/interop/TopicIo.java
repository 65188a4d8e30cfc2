package io.roistream.tests.interop;

import io.roistream.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Our side of the interoperability tests: roistream topics written and read with our serdes. */
final class TopicIo {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Map<String, Object> serdeConfig;

    TopicIo(String bootstrapServers, Map<String, Object> serdeConfig) {
        this.bootstrapServers = bootstrapServers;
        this.serdeConfig = serdeConfig;
    }

    /** Creates the topics with one partition each, so that order and offsets are simple. */
    void create(List<Topic<String, ?>> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics.stream().map(topic -> topic.newTopic(Optional.of(1), Optional.of((short) 1)))
                    .toList()).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Writes values keyed by {@code keyOf} with the topic's serdes. */
    <V> void write(Topic<String, V> topic, List<V> values, Function<V, String> keyOf)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, topic.keySerde(serdeConfig).serializer(),
                topic.valueSerde(serdeConfig).serializer())) {
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic.name(), keyOf.apply(value), value))
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** The offset the next record of the topic's single partition will get. */
    long endOffset(Topic<String, ?> topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            return consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        }
    }

    /** Reads {@code count} records from {@code offset} with the topic's serdes. */
    <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic, long offset, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(topic.name(), 0);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config,
                topic.keySerde(serdeConfig).deserializer(), topic.valueSerde(serdeConfig).deserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            Instant giveUp = Instant.now().plus(TIMEOUT);
            while (records.size() < count && Instant.now().isBefore(giveUp)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < count) {
            throw new AssertionError("read " + records.size() + " of " + count + " records of " + topic.name()
                    + " from offset " + offset + " within " + TIMEOUT);
        }
        return records.subList(0, count);
    }

    private KafkaConsumer<byte[], byte[]> rawConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
