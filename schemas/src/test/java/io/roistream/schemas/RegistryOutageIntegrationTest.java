package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.Question;
import io.roistream.schemas.serde.SerdeConfig;
import io.roistream.testkit.RunningStack;
import io.roistream.testkit.WithEmbeddedStack;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** The serdes with the registry process stopped: clear failures, cached schemas still usable. */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class RegistryOutageIntegrationTest {

    @Test
    void registryDownFailsClearlyWhereTheCacheCannotHelp(RunningStack stack) throws Exception {
        Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                stack.endpoints().schemaRegistryUrl());
        KafkaIo kafka = new KafkaIo(stack.endpoints().bootstrapServers());
        kafka.createTopics(List.of(Topics.QUESTIONS));
        Serializer<Question> warmSerializer = Topics.QUESTIONS.valueSerde(serdeConfig).serializer();
        Deserializer<Question> warmDeserializer = Topics.QUESTIONS.valueSerde(serdeConfig).deserializer();
        byte[] bytes = warmSerializer.serialize(Topics.QUESTIONS.name(), SampleEvents.question());
        assertEquals(SampleEvents.question(), warmDeserializer.deserialize(Topics.QUESTIONS.name(), bytes));
        RecordMetadata position = kafka.send(Topics.QUESTIONS.name(),
                Topics.QUESTIONS.keySerde(serdeConfig).serializer(), warmSerializer, "q-42", SampleEvents.question());

        stack.stopRegistry();
        try {
            assertEquals(SampleEvents.question(), warmDeserializer.deserialize(Topics.QUESTIONS.name(), bytes),
                    "a schema already fetched is served from the cache");
            assertNotNull(warmSerializer.serialize(Topics.QUESTIONS.name(), SampleEvents.question()));

            RecordDeserializationException readError = assertThrows(RecordDeserializationException.class,
                    () -> kafka.readAt(position, Topics.QUESTIONS.keySerde(serdeConfig).deserializer(),
                            Topics.QUESTIONS.valueSerde(serdeConfig).deserializer()));
            String readCause = assertInstanceOf(SerializationException.class, readError.getCause()).getMessage();
            assertTrue(readCause.startsWith("Cannot deserialize key of topic 'roi.questions'"), readCause);
            assertTrue(readCause.contains("schema registry unreachable at"), readCause);

            SerializationException writeError = assertThrows(SerializationException.class,
                    () -> Topics.ANSWERS.valueSerde(serdeConfig).serializer()
                            .serialize(Topics.ANSWERS.name(), SampleEvents.answer()));
            assertTrue(writeError.getMessage().startsWith("Cannot serialize value for topic 'roi.answers'"),
                    writeError.getMessage());
            assertTrue(writeError.getMessage().contains("schema registry unreachable at"), writeError.getMessage());
        } finally {
            stack.startRegistry();
        }
        Map<String, Object> afterRestart = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                stack.endpoints().schemaRegistryUrl());
        assertNotNull(Topics.ANSWERS.valueSerde(afterRestart).serializer()
                .serialize(Topics.ANSWERS.name(), SampleEvents.answer()), "works again once the registry is back");
    }
}
