package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.Question;
import io.roistream.events.RoiMode;
import io.roistream.schemas.serde.GenericAvroSerde;
import io.roistream.schemas.serde.RegistryRestClient;
import io.roistream.schemas.serde.SerdeConfig;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Avro schema resolution through the registry: a consumer built on an older contract reads records
 * written with a newer one, and the other way round; an unresolvable writer schema fails clearly.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class SchemaResolutionIntegrationTest {

    private static final String QUESTIONS = Topics.QUESTIONS.name();

    private static Map<String, Object> serdeConfig;
    private static KafkaIo kafka;

    @BeforeAll
    static void createTopics(StackEndpoints stack) throws Exception {
        serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        kafka = new KafkaIo(stack.bootstrapServers());
        kafka.createTopics(Topics.all());
        // the tests register deliberately evolved and clashing versions under one subject; Apicurio
        // refuses a subject's config before the subject exists, so register the current schema first
        RegistryRestClient registry = RegistryRestClient.from(new SerdeConfig(serdeConfig));
        registry.register(Topics.QUESTIONS.valueSubject(), Topics.QUESTIONS.valueSchema().toString());
        registry.setCompatibility(Topics.QUESTIONS.valueSubject(), "NONE");
    }

    @Test
    void anOlderReaderReadsANewerWriter() throws Exception {
        Schema newer = SchemaEdits.withField(SchemaEdits.withEnumSymbol(Topics.QUESTIONS.valueSchema(),
                "RoiMode", "FORCE"), """
                {"name": "priority", "type": ["null", "int"], "default": null, "doc": "a later addition"}""");
        GenericRecord written = asGeneric(SampleEvents.question(), newer);
        written.put("priority", 7);
        ((GenericRecord) written.get("options")).put("roiMode",
                new GenericData.EnumSymbol(newer.getField("options").schema().getField("roiMode").schema(), "FORCE"));

        Question read = sendGenericReadSpecific(written);

        Question expected = SampleEvents.question();
        expected.getOptions().setRoiMode(RoiMode.AUTO);
        assertEquals(expected, read, "new field ignored, unknown enum symbol read as the enum's default");
    }

    @Test
    void aNewerReaderReadsAnOlderWriter() throws Exception {
        Schema older = SchemaEdits.withoutField(Topics.QUESTIONS.valueSchema(), "deadline");
        GenericRecord written = asGeneric(SampleEvents.question(), older);

        Question read = sendGenericReadSpecific(written);

        assertNull(read.getDeadline(), "a field the writer did not know takes its default");
        assertEquals("q-42", read.getQuestionId());
        assertEquals(SampleEvents.question().getImage(), read.getImage());
    }

    @Test
    void anUnresolvableWriterSchemaFailsNamingTopicAndCause() throws Exception {
        Schema clash = new Schema.Parser().parse("""
                {"type": "record", "name": "Question", "namespace": "io.roistream.events",
                 "fields": [{"name": "questionId", "type": "long"}]}""");
        GenericRecord written = new GenericData.Record(clash);
        written.put("questionId", 42L);
        RecordDeserializationException error = assertThrows(RecordDeserializationException.class,
                () -> sendGenericReadSpecific(written));
        SerializationException cause = assertInstanceOf(SerializationException.class, error.getCause());
        assertTrue(cause.getMessage().startsWith("Cannot deserialize value of topic 'roi.questions': writer schema id"),
                cause.getMessage());
        assertTrue(cause.getMessage().contains("cannot be read as io.roistream.events.Question"), cause.getMessage());
    }

    private static Question sendGenericReadSpecific(GenericRecord written) throws Exception {
        try (GenericAvroSerde generic = new GenericAvroSerde()) {
            generic.configure(serdeConfig, false);
            RecordMetadata position = kafka.send(QUESTIONS, Topics.QUESTIONS.keySerde(serdeConfig).serializer(),
                    generic.serializer(), "q-42", written);
            ConsumerRecord<String, Question> read = kafka.readAt(position,
                    Topics.QUESTIONS.keySerde(serdeConfig).deserializer(),
                    Topics.QUESTIONS.valueSerde(serdeConfig).deserializer());
            return read.value();
        }
    }

    /** The sample as a generic record of {@code schema}, converted by Avro's own resolution. */
    private static GenericRecord asGeneric(Question question, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Question.class).write(question, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(Question.getClassSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
