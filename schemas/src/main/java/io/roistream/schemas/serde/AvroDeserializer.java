package io.roistream.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer reading Avro in the Confluent wire format, a drop-in for Confluent's
 * {@code KafkaAvroDeserializer}. The writer schema is fetched from the registry by the id in the
 * record header and resolved the Avro way against a reader schema:
 * <ul>
 *   <li>{@link #AvroDeserializer()}: like Confluent's, generic records (reader schema = writer
 *       schema), or, with {@code specific.avro.reader=true}, the generated class the writer schema
 *       names, read with that class's schema;</li>
 *   <li>{@link #forType(Class)}: always the given generated class (or {@link String}), read with
 *       its schema, so an older reader reads records written with a newer schema;</li>
 *   <li>{@link #specific()} and {@link #generic()}: the two Confluent behaviours, fixed.</li>
 * </ul>
 * Strings (schema {@code "string"}, used for keys) come back as {@link String}. Null reads as
 * null (a tombstone). A wrong magic byte, an unknown schema id, a truncated or corrupt body, a
 * writer schema the reader cannot resolve, or an unreachable or failing registry each raise a
 * {@link SerializationException} naming the topic and the cause; nothing is skipped.
 *
 * @param <T> the type read
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    private enum Mode { BY_CONFIG, GENERIC, SPECIFIC_BY_WRITER_NAME, FIXED_TYPE }

    private final Mode configuredMode;
    private final Class<T> fixedType;
    private final Map<Integer, DatumReader<Object>> readersBySchemaId = new ConcurrentHashMap<>();
    private Mode mode;
    private CachedSchemaRegistry registry;
    private boolean isKey;

    /** Creates a deserializer whose behaviour {@code specific.avro.reader} decides. */
    public AvroDeserializer() {
        this(Mode.BY_CONFIG, null);
    }

    private AvroDeserializer(Mode mode, Class<T> fixedType) {
        this.configuredMode = mode;
        this.fixedType = fixedType;
    }

    /**
     * Creates a deserializer that always returns {@code type}, a generated Avro class or
     * {@link String}, read with its own schema as reader schema.
     */
    public static <T> AvroDeserializer<T> forType(Class<T> type) {
        if (!SpecificRecord.class.isAssignableFrom(type) && type != String.class) {
            throw new IllegalArgumentException(type.getName() + " is neither a generated Avro class nor String");
        }
        return new AvroDeserializer<>(Mode.FIXED_TYPE, type);
    }

    /** Creates a deserializer returning the generated class named by each record's writer schema. */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific() {
        return new AvroDeserializer<>(Mode.SPECIFIC_BY_WRITER_NAME, null);
    }

    /** Creates a deserializer returning generic records read with their writer schema. */
    public static AvroDeserializer<GenericRecord> generic() {
        return new AvroDeserializer<>(Mode.GENERIC, null);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = new SerdeConfig(configs);
        this.registry = new CachedSchemaRegistry(RegistryRestClient.from(config));
        this.isKey = isKey;
        this.mode = configuredMode != Mode.BY_CONFIG ? configuredMode
                : config.specificAvroReader() ? Mode.SPECIFIC_BY_WRITER_NAME : Mode.GENERIC;
        readersBySchemaId.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        int schemaId;
        try {
            schemaId = WireFormat.schemaId(data);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(context(topic) + ": " + e.getMessage(), e);
        }
        DatumReader<Object> reader = readersBySchemaId.get(schemaId);
        if (reader == null) {
            reader = readerFor(topic, schemaId, writerSchema(topic, schemaId));
            readersBySchemaId.putIfAbsent(schemaId, reader);
        }
        return cast(decode(topic, schemaId, reader, data));
    }

    private Schema writerSchema(String topic, int schemaId) {
        try {
            return registry.schemaById(schemaId);
        } catch (RegistryException e) {
            String what = e.isNotFound() ? "unknown schema id " + schemaId : "cannot fetch schema id " + schemaId;
            throw new SerializationException(context(topic) + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<Object> readerFor(String topic, int schemaId, Schema writer) {
        return switch (mode) {
            case GENERIC -> new GenericDatumReader<>(writer, writer, GenericData.get());
            case SPECIFIC_BY_WRITER_NAME -> writer.getType() == Schema.Type.RECORD
                    ? specificReader(topic, schemaId, writer, classNamedBy(topic, schemaId, writer))
                    : new GenericDatumReader<>(writer, writer, GenericData.get());
            case FIXED_TYPE -> fixedType == String.class
                    ? stringReader(topic, schemaId, writer)
                    : specificReader(topic, schemaId, writer, fixedType);
            case BY_CONFIG -> throw new IllegalStateException("mode is resolved in configure()");
        };
    }

    private DatumReader<Object> stringReader(String topic, int schemaId, Schema writer) {
        if (writer.getType() != Schema.Type.STRING) {
            throw new SerializationException(context(topic) + ": expected a string but schema id " + schemaId
                    + " is a " + writer.getType().getName() + " (" + writer.getFullName() + ")");
        }
        return new GenericDatumReader<>(writer, writer, GenericData.get());
    }

    private DatumReader<Object> specificReader(String topic, int schemaId, Schema writer, Class<?> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema reader = model.getSchema(type);
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException(context(topic) + ": writer schema id " + schemaId + " ("
                    + writer.getFullName() + ") cannot be read as " + type.getName() + ": "
                    + compatibility.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writer, reader, model);
    }

    private Class<?> classNamedBy(String topic, int schemaId, Schema writer) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException(context(topic) + ": no generated class " + writer.getFullName()
                    + " on the classpath for writer schema id " + schemaId + " (specific.avro.reader is true)");
        }
        return type;
    }

    private Object decode(String topic, int schemaId, DatumReader<Object> reader, byte[] data) {
        int bodyLength = data.length - WireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, bodyLength, null);
        Object value;
        int trailing;
        try {
            value = reader.read(null, decoder);
            trailing = decoder.isEnd() ? 0 : decoder.inputStream().available();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(context(topic) + ": truncated or corrupt Avro body (" + bodyLength
                    + " bytes) for schema id " + schemaId + ": " + e, e);
        }
        if (trailing > 0) {
            throw new SerializationException(context(topic) + ": corrupt record: " + trailing
                    + " bytes left after the Avro body of schema id " + schemaId);
        }
        return value instanceof Utf8 ? value.toString() : value;
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        if (fixedType != null && !fixedType.isInstance(value)) {
            throw new IllegalStateException("read a " + value.getClass().getName() + " for " + fixedType.getName());
        }
        return (T) value;
    }

    private String context(String topic) {
        return "Cannot deserialize " + (isKey ? "key" : "value") + " of topic '" + topic + "'";
    }
}
