package io.roistream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the serdes decide before asking the registry: nulls, headers, unsupported types. */
class SerdeWithoutRegistryTest {

    private Map<String, Object> config;

    @BeforeEach
    void pointAtAClosedPort() throws IOException {
        config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, RegistryRestClientTest.closedPortUrl().toString());
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (GenericAvroSerde serde = new GenericAvroSerde()) {
            serde.configure(config, false);
            assertNull(serde.serializer().serialize("roi.checkpoints", null));
            assertNull(serde.deserializer().deserialize("roi.checkpoints", null));
        }
    }

    @Test
    void headerErrorsNameTheTopicBeforeAnyRegistryCall() {
        try (AvroDeserializer<Object> deserializer = new AvroDeserializer<>()) {
            deserializer.configure(config, true);
            SerializationException magic = assertThrows(SerializationException.class,
                    () -> deserializer.deserialize("roi.questions", "{\"json\":1}".getBytes()));
            assertTrue(magic.getMessage().startsWith("Cannot deserialize key of topic 'roi.questions'"),
                    magic.getMessage());
            assertTrue(magic.getMessage().contains("unknown magic byte 0x7b"), magic.getMessage());
            SerializationException empty = assertThrows(SerializationException.class,
                    () -> deserializer.deserialize("roi.questions", new byte[0]));
            assertTrue(empty.getMessage().contains("shorter than the 5-byte"), empty.getMessage());
        }
    }

    @Test
    void unsupportedTypesAreRefused() {
        try (AvroSerializer<Object> serializer = new AvroSerializer<>()) {
            serializer.configure(config, false);
            SerializationException error = assertThrows(SerializationException.class,
                    () -> serializer.serialize("roi.answers", 42));
            assertTrue(error.getMessage().contains("'roi.answers'") && error.getMessage().contains("java.lang.Integer"),
                    error.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> AvroDeserializer.forType(GenericRecord.class));
    }
}
