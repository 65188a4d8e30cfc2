package io.roistream.schemas;

import io.roistream.schemas.serde.SpecificAvroSerde;
import io.roistream.schemas.serde.StringAvroSerde;
import io.roistream.schemas.serde.SubjectNames;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One topic and its record types: its name, whether it is compacted, and the serdes of its keys
 * and values for a given serde configuration (see {@link io.roistream.schemas.serde.SerdeConfig}).
 * Keys are ids as Avro strings; values are generated Avro classes; both in the Confluent wire
 * format, registered under {@code <name>-key} and {@code <name>-value}.
 *
 * <p>With plain clients: {@code new KafkaProducer<>(props, topic.keySerde(cfg).serializer(),
 * topic.valueSerde(cfg).serializer())} and {@code producer.send(new ProducerRecord<>(topic.name(),
 * key, value))}. With Kafka Streams: {@code builder.stream(topic.name(), topic.consumed(cfg))} and
 * {@code stream.to(topic.name(), topic.produced(cfg))}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Topic<K, V> {

    private final String name;
    private final boolean compacted;
    private final Class<V> valueType;
    private final Supplier<Serde<K>> keySerdes;
    private final Supplier<Serde<V>> valueSerdes;

    private Topic(String name, boolean compacted, Class<V> valueType,
                  Supplier<Serde<K>> keySerdes, Supplier<Serde<V>> valueSerdes) {
        this.name = name;
        this.compacted = compacted;
        this.valueType = valueType;
        this.keySerdes = keySerdes;
        this.valueSerdes = valueSerdes;
    }

    /** A topic keyed by string ids whose values are the generated class {@code valueType}. */
    static <V extends SpecificRecord> Topic<String, V> keyedById(String name, Class<V> valueType, boolean compacted) {
        return new Topic<>(name, compacted, valueType, StringAvroSerde::new, () -> new SpecificAvroSerde<>(valueType));
    }

    /** The topic's name. */
    public String name() {
        return name;
    }

    /** Whether the topic is log-compacted (the latest value per key is kept forever). */
    public boolean compacted() {
        return compacted;
    }

    /** The generated class of the topic's values. */
    public Class<V> valueType() {
        return valueType;
    }

    /** The Avro schema of the topic's values, as the serializer registers it. */
    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    /** The registry subject of the topic's keys ({@code <name>-key}). */
    public String keySubject() {
        return SubjectNames.forTopic(name, true);
    }

    /** The registry subject of the topic's values ({@code <name>-value}). */
    public String valueSubject() {
        return SubjectNames.forTopic(name, false);
    }

    /** A new key serde, configured for keys with {@code serdeConfig}. */
    public Serde<K> keySerde(Map<String, ?> serdeConfig) {
        Serde<K> serde = keySerdes.get();
        serde.configure(serdeConfig, true);
        return serde;
    }

    /** A new value serde, configured for values with {@code serdeConfig}. */
    public Serde<V> valueSerde(Map<String, ?> serdeConfig) {
        Serde<V> serde = valueSerdes.get();
        serde.configure(serdeConfig, false);
        return serde;
    }

    /** Kafka Streams source parameters: this topic's key and value serdes. */
    public Consumed<K, V> consumed(Map<String, ?> serdeConfig) {
        return Consumed.with(keySerde(serdeConfig), valueSerde(serdeConfig));
    }

    /** Kafka Streams sink parameters: this topic's key and value serdes. */
    public Produced<K, V> produced(Map<String, ?> serdeConfig) {
        return Produced.with(keySerde(serdeConfig), valueSerde(serdeConfig));
    }

    /**
     * The admin-client description of this topic, with {@code cleanup.policy=compact} when it is
     * compacted; partitions and replication factor empty means the broker's defaults.
     */
    public NewTopic newTopic(Optional<Integer> partitions, Optional<Short> replicationFactor) {
        NewTopic topic = new NewTopic(name, partitions, replicationFactor);
        return compacted ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }

    @Override
    public String toString() {
        return name;
    }
}
