package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.events.RoiAnswer;
import io.roistream.schemas.serde.AvroDeserializer;
import io.roistream.schemas.serde.AvroSerializer;
import io.roistream.schemas.serde.GenericAvroSerde;
import io.roistream.schemas.serde.RegistryRestClient;
import io.roistream.schemas.serde.SerdeConfig;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every event type through the real broker and registry, with the specific and generic serdes. */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class EventRoundTripIntegrationTest {

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
    void everyEventTypeRoundTripsInTheConfluentWireFormat() throws Exception {
        for (Topic<String, ?> topic : Topics.all()) {
            roundTrip(topic);
        }
    }

    private <V> void roundTrip(Topic<String, V> topic) throws Exception {
        SampleEvents.Keyed sample = SampleEvents.of(topic);
        V value = topic.valueType().cast(sample.value());
        RecordMetadata position = kafka.send(topic.name(), topic.keySerde(serdeConfig).serializer(),
                topic.valueSerde(serdeConfig).serializer(), sample.key(), value);

        ConsumerRecord<String, V> read = kafka.readAt(position, topic.keySerde(serdeConfig).deserializer(),
                topic.valueSerde(serdeConfig).deserializer());
        assertEquals(sample.key(), read.key(), topic.name());
        assertEquals(value, read.value(), topic.name());

        ConsumerRecord<byte[], byte[]> raw = kafka.readAt(position, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        assertEquals(Schema.create(Schema.Type.STRING), schemaInHeader(raw.key()), topic.keySubject());
        assertEquals(topic.valueSchema(), schemaInHeader(raw.value()), topic.valueSubject());
        assertEquals(idInHeader(raw.value()), registry.lookup(topic.valueSubject(), topic.valueSchema().toString()));
    }

    @Test
    void genericAndSpecificSerdesWriteTheSameBytesAndReadEachOther() throws Exception {
        Topic<String, RoiAnswer> topic = Topics.ANSWERS;
        RoiAnswer answer = SampleEvents.answer();
        byte[] specificBytes = topic.valueSerde(serdeConfig).serializer().serialize(topic.name(), answer);
        try (GenericAvroSerde generic = new GenericAvroSerde()) {
            generic.configure(serdeConfig, false);
            GenericRecord asGeneric = generic.deserializer().deserialize(topic.name(), specificBytes);
            assertEquals("STOP", asGeneric.get("answer").toString());
            assertEquals(60.25, ((GenericRecord) asGeneric.get("latency")).get("totalMs"));
            byte[] genericBytes = generic.serializer().serialize(topic.name(), asGeneric);
            assertEquals(Arrays.toString(specificBytes), Arrays.toString(genericBytes));

            RecordMetadata position = kafka.send(topic.name(), topic.keySerde(serdeConfig).serializer(),
                    generic.serializer(), "q-42", asGeneric);
            assertEquals(answer, kafka.readAt(position, topic.keySerde(serdeConfig).deserializer(),
                    topic.valueSerde(serdeConfig).deserializer()).value());
        }
    }

    @Test
    void configurableDeserializerFollowsSpecificAvroReader() {
        Question question = SampleEvents.question();
        byte[] bytes = Topics.QUESTIONS.valueSerde(serdeConfig).serializer().serialize("roi.questions", question);
        try (AvroDeserializer<Object> generic = new AvroDeserializer<>();
             AvroDeserializer<Object> specific = new AvroDeserializer<>()) {
            generic.configure(serdeConfig, false);
            Map<String, Object> specificConfig = new HashMap<>(serdeConfig);
            specificConfig.put(SerdeConfig.SPECIFIC_AVRO_READER, true);
            specific.configure(specificConfig, false);
            assertInstanceOf(GenericRecord.class, generic.deserialize("roi.questions", bytes));
            assertEquals(question, specific.deserialize("roi.questions", bytes));
        }
    }

    @Test
    void nullValuesAreTombstones() throws Exception {
        Topic<String, ?> topic = Topics.CHECKPOINTS;
        RecordMetadata position = kafka.send(topic.name(), topic.keySerde(serdeConfig).serializer(),
                topic.valueSerde(serdeConfig).serializer(), "tiny-vlm-0001", null);
        ConsumerRecord<String, ?> read = kafka.readAt(position, topic.keySerde(serdeConfig).deserializer(),
                topic.valueSerde(serdeConfig).deserializer());
        assertEquals("tiny-vlm-0001", read.key());
        assertNull(read.value());
    }

    @Test
    void aStringKeyIsTheAvroStringEncoding() {
        try (AvroSerializer<String> serializer = new AvroSerializer<>()) {
            serializer.configure(serdeConfig, true);
            byte[] bytes = serializer.serialize("roi.questions", "q-42");
            // zig-zag varint length 4 (= 8), then the UTF-8 bytes
            assertEquals("[8, 113, 45, 52, 50]", Arrays.toString(Arrays.copyOfRange(bytes, 5, bytes.length)));
        }
    }

    @Test
    void topicBindingsWireAKafkaStreamsTopology(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.QUESTIONS.name(), Topics.QUESTIONS.consumed(serdeConfig))
                .mapValues(question -> InferenceTask.newBuilder().setQuestion(question).setBackboneId("tiny-vlm")
                        .setRoutedAt(question.getCreatedAt()).build())
                .to(Topics.INFERENCE_TASKS.name(), Topics.INFERENCE_TASKS.produced(serdeConfig));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "schemas-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            Question question = SampleEvents.question();
            driver.createInputTopic(Topics.QUESTIONS.name(), Topics.QUESTIONS.keySerde(serdeConfig).serializer(),
                    Topics.QUESTIONS.valueSerde(serdeConfig).serializer()).pipeInput("q-42", question);
            KeyValue<String, InferenceTask> routed = driver.createOutputTopic(Topics.INFERENCE_TASKS.name(),
                    Topics.INFERENCE_TASKS.keySerde(serdeConfig).deserializer(),
                    Topics.INFERENCE_TASKS.valueSerde(serdeConfig).deserializer()).readKeyValue();
            assertEquals("q-42", routed.key);
            assertEquals(question, routed.value.getQuestion());
            assertNull(routed.value.getCheckpointVersion());
        }
    }

    private static int idInHeader(byte[] record) {
        assertEquals(0, record[0], "magic byte");
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }

    private static Schema schemaInHeader(byte[] record) {
        return new Schema.Parser().parse(registry.schemaById(idInHeader(record)));
    }
}
