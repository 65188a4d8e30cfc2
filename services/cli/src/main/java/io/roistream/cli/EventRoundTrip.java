package io.roistream.cli;

import io.roistream.schemas.SampleEvents;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Produces one example event of each kind ({@link SampleEvents}) through the Confluent-format
 * serde and reads it back from the broker, checking that what comes back equals what went in.
 */
final class EventRoundTrip {

    /** What happened to one event. */
    record Result(String topic, String key, int partition, long offset, boolean equal, Duration took) {
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final StackEndpoints endpoints;

    EventRoundTrip(StackEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    List<Result> run() {
        List<Result> results = new ArrayList<>();
        for (Topic<String, ?> topic : Topics.all()) {
            results.add(roundTrip(topic));
        }
        return results;
    }

    private <V> Result roundTrip(Topic<String, V> topic) {
        SampleEvents.Keyed sample = SampleEvents.of(topic);
        V value = topic.valueType().cast(sample.value());
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", endpoints.schemaRegistryUrl());
        long start = System.nanoTime();
        RecordMetadata written;
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProperties(),
                topic.keySerde(serdeConfig).serializer(), topic.valueSerde(serdeConfig).serializer())) {
            written = producer.send(new ProducerRecord<>(topic.name(), sample.key(), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing to " + topic.name(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic.name() + ": " + e.getCause(), e.getCause());
        }
        V read = readBack(topic, serdeConfig, written);
        return new Result(topic.name(), sample.key(), written.partition(), written.offset(),
                value.equals(read), Duration.ofNanos(System.nanoTime() - start));
    }

    private <V> V readBack(Topic<String, V> topic, Map<String, Object> serdeConfig, RecordMetadata written) {
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerProperties(),
                topic.keySerde(serdeConfig).deserializer(), topic.valueSerde(serdeConfig).deserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, written.offset());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == written.offset()) {
                        return record.value();
                    }
                }
            }
        }
        throw new IllegalStateException("the event written to " + partition + " at offset " + written.offset()
                + " did not come back within " + READ_TIMEOUT.toSeconds() + " s");
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }
}
