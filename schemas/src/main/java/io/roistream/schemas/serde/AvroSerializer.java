package io.roistream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro in the Confluent wire format, a drop-in for Confluent's
 * {@code KafkaAvroSerializer}: accepts specific records (generated classes), generic records and
 * strings (Avro schema {@code "string"}, used for keys); registers (or, with
 * {@code auto.register.schemas=false}, looks up) the schema under {@code <topic>-key} or
 * {@code <topic>-value}. Null serializes to null (a tombstone). Configured by
 * {@link SerdeConfig}'s keys; every failure is a {@link SerializationException} naming the topic.
 *
 * @param <T> the type serialized: a record type or {@link String}
 */
public final class AvroSerializer<T> implements Serializer<T> {

    private static final Schema STRING_SCHEMA = Schema.create(Schema.Type.STRING);

    private CachedSchemaRegistry registry;
    private boolean autoRegister;
    private boolean isKey;

    /** Creates a serializer to be {@link #configure configured} before use. */
    public AvroSerializer() {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = new SerdeConfig(configs);
        this.registry = new CachedSchemaRegistry(RegistryRestClient.from(config));
        this.autoRegister = config.autoRegisterSchemas();
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = schemaOf(topic, data);
        int id = schemaId(topic, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(WireFormat.header(id));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(data, schema).write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(context(topic) + ": cannot encode " + schema.getFullName()
                    + " as Avro: " + e, e);
        }
    }

    private int schemaId(String topic, Schema schema) {
        String subject = SubjectNames.forTopic(topic, isKey);
        try {
            return registry.idOf(subject, schema, autoRegister);
        } catch (RegistryException e) {
            String hint = !autoRegister && e.isNotFound()
                    ? " (auto.register.schemas is false and the schema is not registered under subject '"
                    + subject + "')"
                    : "";
            throw new SerializationException(context(topic) + ": no schema id for " + schema.getFullName()
                    + hint + ": " + e.getMessage(), e);
        }
    }

    private Schema schemaOf(String topic, T data) {
        if (data instanceof IndexedRecord record) {
            return record.getSchema();
        }
        if (data instanceof CharSequence) {
            return STRING_SCHEMA;
        }
        throw new SerializationException(context(topic) + ": cannot serialize a " + data.getClass().getName()
                + ": only Avro records and strings are supported");
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writerFor(T data, Schema schema) {
        if (data instanceof SpecificRecordBase specific) {
            return (DatumWriter<T>) new SpecificDatumWriter<>(schema, specific.getSpecificData());
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    private String context(String topic) {
        return "Cannot serialize " + (isKey ? "key" : "value") + " for topic '" + topic + "'";
    }
}
