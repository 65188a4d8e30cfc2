package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.DeadLetter;
import io.roistream.events.Question;
import io.roistream.schemas.serde.GenericAvroSerde;
import io.roistream.schemas.serde.RegistryException;
import io.roistream.schemas.serde.RegistryRestClient;
import io.roistream.schemas.serde.SerdeConfig;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each bad input gives a clear {@link SerializationException} naming the topic and the cause,
 * through the real broker and registry; nothing is skipped or passed through as raw bytes.
 * (Registry outage: {@link RegistryOutageIntegrationTest}; a 5xx answer, which a healthy registry
 * cannot be made to give: {@code RegistryRestClientTest}.)
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class SerdeErrorsIntegrationTest {

    private static Map<String, Object> serdeConfig;
    private static KafkaIo kafka;
    private static RegistryRestClient registry;

    @BeforeAll
    static void createTopics(StackEndpoints stack) throws Exception {
        serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        kafka = new KafkaIo(stack.bootstrapServers());
        kafka.createTopics(Topics.all());
        registry = RegistryRestClient.from(new SerdeConfig(serdeConfig));
    }

    @Test
    void wrongMagicByte() throws Exception {
        String cause = readQuestionFailure("{\"questionId\":\"q-1\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(cause.contains("unknown magic byte 0x7b"), cause);
    }

    @Test
    void unknownSchemaId() throws Exception {
        byte[] bytes = validQuestionBytes();
        ByteBuffer.wrap(bytes).putInt(1, 987_654);
        String cause = readQuestionFailure(bytes);
        assertTrue(cause.contains("unknown schema id 987654"), cause);
        assertTrue(cause.contains("HTTP 404 (error_code 404"), "a 404 with a Confluent error code is about the"
                + " record, not an outage of the registry: " + cause);
    }

    @Test
    void truncatedBody() throws Exception {
        byte[] valid = validQuestionBytes();
        String cause = readQuestionFailure(Arrays.copyOf(valid, valid.length - 10));
        assertTrue(cause.contains("truncated or corrupt Avro body (" + (valid.length - 15) + " bytes)"), cause);
    }

    @Test
    void trailingBytesAfterTheBody() throws Exception {
        byte[] valid = validQuestionBytes();
        String cause = readQuestionFailure(Arrays.copyOf(valid, valid.length + 3));
        assertTrue(cause.contains("3 bytes left after the Avro body"), cause);
    }

    @Test
    void unregisteredSchemaWithAutoRegistrationOff() {
        Map<String, Object> lookupOnly = new HashMap<>(serdeConfig);
        lookupOnly.put(SerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        Serializer<DeadLetter> serializer = Topics.DEAD_LETTERS.valueSerde(lookupOnly).serializer();
        SerializationException error = assertThrows(SerializationException.class,
                () -> serializer.serialize(Topics.DEAD_LETTERS.name(), SampleEvents.deadLetter()));
        assertTrue(error.getMessage().startsWith("Cannot serialize value for topic 'roi.dead-letters'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("auto.register.schemas is false"), error.getMessage());
        assertTrue(error.getMessage().contains("HTTP 404"), error.getMessage());

        int registered = registry.register(Topics.DEAD_LETTERS.valueSubject(), DeadLetter.getClassSchema().toString());
        byte[] bytes = serializer.serialize(Topics.DEAD_LETTERS.name(), SampleEvents.deadLetter());
        assertEquals(registered, ByteBuffer.wrap(bytes, 1, 4).getInt(), "looked up, not registered again");
    }

    @Test
    void registryRejectsAnIncompatibleSchema() {
        Topic<String, ?> topic = Topics.ANSWERS;
        registry.register(topic.valueSubject(), topic.valueSchema().toString());
        registry.setCompatibility(topic.valueSubject(), "BACKWARD");
        Schema breaking = SchemaEdits.withField(topic.valueSchema(), """
                {"name": "language", "type": "string", "doc": "added without default"}""");
        GenericRecord record = new GenericData.Record(breaking);
        try (GenericAvroSerde generic = new GenericAvroSerde()) {
            generic.configure(serdeConfig, false);
            SerializationException error = assertThrows(SerializationException.class,
                    () -> generic.serializer().serialize(topic.name(), record));
            assertTrue(error.getMessage().startsWith("Cannot serialize value for topic 'roi.answers'"),
                    error.getMessage());
            RegistryException cause = assertInstanceOf(RegistryException.class, error.getCause());
            assertEquals(409, cause.httpStatus(), error.getMessage());
        }
    }

    private static byte[] validQuestionBytes() {
        Question question = SampleEvents.question();
        return Topics.QUESTIONS.valueSerde(serdeConfig).serializer().serialize(Topics.QUESTIONS.name(), question);
    }

    /** Writes raw value bytes, reads them with the questions serde and returns the failure's message. */
    private static String readQuestionFailure(byte[] value) throws Exception {
        RecordMetadata position = kafka.send(Topics.QUESTIONS.name(), new ByteArraySerializer(),
                new ByteArraySerializer(), null, value);
        RecordDeserializationException error = assertThrows(RecordDeserializationException.class,
                () -> kafka.readAt(position, Topics.QUESTIONS.keySerde(serdeConfig).deserializer(),
                        Topics.QUESTIONS.valueSerde(serdeConfig).deserializer()));
        SerializationException cause = assertInstanceOf(SerializationException.class, error.getCause());
        assertTrue(cause.getMessage().startsWith("Cannot deserialize value of topic 'roi.questions': "),
                cause.getMessage());
        return cause.getMessage();
    }
}
