package io.roistream.tests.pipeline;

import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The test's own client of a running stack: provisions the roistream topics (one partition each)
 * and buckets, writes records with the topics' serdes or as raw bytes, opens readers and the
 * object store. One producer, closed with the client.
 */
final class StackClient implements AutoCloseable {

    private final StackEndpoints stack;
    private final Map<String, Object> serdeConfig;
    private final KafkaProducer<byte[], byte[]> producer;

    StackClient(StackEndpoints stack) {
        this.stack = stack;
        this.serdeConfig = Map.of("schema.registry.url", stack.schemaRegistryUrl());
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A client of {@code stack} after {@link #provision()}. */
    static StackClient provisioned(StackEndpoints stack) throws Exception {
        StackClient client = new StackClient(stack);
        try {
            client.provision();
            return client;
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    StackEndpoints endpoints() {
        return stack;
    }

    Map<String, Object> serdeConfig() {
        return serdeConfig;
    }

    /** Creates every roistream topic with one partition, and every bucket of the object-store layout. */
    void provision() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(Topics.all().stream().map(topic -> topic.newTopic(Optional.of(1), Optional.empty()))
                    .toList()).all().get(60, TimeUnit.SECONDS);
        }
        try (ObjectStore store = objectStore()) {
            ObjectStoreLayout.ALL_BUCKETS.forEach(store::ensureBucket);
        }
    }

    /** A connection to the stack's object store; close it. */
    ObjectStore objectStore() {
        Map<String, String> values = new HashMap<>(ObjectStoreSettings.DEFAULTS);
        values.put("objectstore.endpoint", stack.objectStoreEndpoint());
        values.put("objectstore.access-key", stack.objectStoreAccessKey());
        values.put("objectstore.secret-key", stack.objectStoreSecretKey());
        return ObjectStore.connect(ObjectStoreSettings.fromConfiguration(Configuration.load(List.of(), Map.of(), values)));
    }

    /** The key serialized with the topic's key serde (an Avro string in the Confluent wire format). */
    byte[] key(Topic<String, ?> topic, String key) {
        try (Serializer<String> keys = topic.keySerde(serdeConfig).serializer()) {
            return keys.serialize(topic.name(), key);
        }
    }

    /** Writes one record with the topic's serdes; returns its offset. */
    <V> long send(Topic<String, V> topic, String key, V value) throws Exception {
        try (Serializer<V> values = topic.valueSerde(serdeConfig).serializer()) {
            return sendRaw(topic, key, values.serialize(topic.name(), value));
        }
    }

    /**
     * Writes {@code records} (key to value, in order) with one pair of serializers, without waiting
     * between them, and returns once every one is acknowledged.
     */
    <V> void sendAll(Topic<String, V> topic, Map<String, V> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (Serializer<String> keys = topic.keySerde(serdeConfig).serializer();
             Serializer<V> values = topic.valueSerde(serdeConfig).serializer()) {
            for (Map.Entry<String, V> record : records.entrySet()) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), keys.serialize(topic.name(), record.getKey()),
                        values.serialize(topic.name(), record.getValue()))));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }

    /** Writes one record whose key is serialized properly and whose value is {@code value} as it is; returns its offset. */
    long sendRaw(Topic<String, ?> topic, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic.name(), key(topic, key), value)).get(60, TimeUnit.SECONDS).offset();
    }

    /** A reader of every committed record of {@code topic}, from the beginning. */
    <V> TopicReader<V> reader(Topic<String, V> topic) {
        return new TopicReader<>(stack.bootstrapServers(), topic, serdeConfig);
    }

    @Override
    public void close() {
        producer.close();
    }
}
