package io.roistream.schemas.serde;

import org.apache.kafka.common.serialization.Serdes;

/**
 * Serde for strings as Avro {@code "string"} in the Confluent wire format, the way Confluent's
 * {@code KafkaAvroSerializer} writes a {@link String}: our topic keys, readable by Confluent-format
 * clients that decode keys with the registry (such as Confluent's Python {@code AvroConsumer}).
 * Configure it with {@link SerdeConfig}'s keys.
 */
public final class StringAvroSerde extends Serdes.WrapperSerde<String> {

    /** Creates a string serde, to be configured before use. */
    public StringAvroSerde() {
        super(new AvroSerializer<>(), AvroDeserializer.forType(String.class));
    }
}
