package io.roistream.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Plain Kafka clients against the test broker: create topics, write one record, read one back. */
final class KafkaIo {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;

    KafkaIo(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Creates the given topics with one partition each. */
    void createTopics(Collection<Topic<String, ?>> topics) throws ExecutionException, InterruptedException,
            TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics.stream().map(topic -> topic.newTopic(Optional.of(1), Optional.of((short) 1)))
                    .toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes one record and returns where it landed. */
    <K, V> RecordMetadata send(String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer, K key,
                               V value) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keySerializer, valueSerializer)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the record at a position; deserialization errors surface from the consumer's poll. */
    <K, V> ConsumerRecord<K, V> readAt(RecordMetadata position, Deserializer<K> keyDeserializer,
                                       Deserializer<V> valueDeserializer) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(position.topic(), position.partition());
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keyDeserializer, valueDeserializer)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, position.offset());
            Instant giveUp = Instant.now().plus(READ_TIMEOUT);
            while (Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == position.offset()) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record at " + partition + "@" + position.offset() + " within " + READ_TIMEOUT);
    }
}
