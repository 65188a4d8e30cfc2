package io.roistream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka Streams serde for generated Avro classes in the Confluent wire format. With a class, it
 * reads every record as that class (its schema is the reader schema); with the no-argument
 * constructor (for {@code default.value.serde} and the like), as the class the writer schema
 * names, like Confluent's {@code SpecificAvroSerde}. Configure it with {@link SerdeConfig}'s keys.
 *
 * @param <T> the generated class
 */
public final class SpecificAvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {

    /** Creates a serde reading records as the class their writer schema names. */
    public SpecificAvroSerde() {
        super(new AvroSerializer<>(), AvroDeserializer.specific());
    }

    /** Creates a serde reading every record as {@code type}. */
    public SpecificAvroSerde(Class<T> type) {
        super(new AvroSerializer<>(), AvroDeserializer.forType(type));
    }
}
