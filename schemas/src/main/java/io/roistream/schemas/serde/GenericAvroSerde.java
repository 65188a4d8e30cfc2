package io.roistream.schemas.serde;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka Streams serde for generic Avro records in the Confluent wire format, like Confluent's
 * {@code GenericAvroSerde}: records are read with their writer schema. Configure it with
 * {@link SerdeConfig}'s keys.
 */
public final class GenericAvroSerde extends Serdes.WrapperSerde<GenericRecord> {

    /** Creates a generic serde, to be configured before use. */
    public GenericAvroSerde() {
        super(new AvroSerializer<>(), AvroDeserializer.generic());
    }
}
