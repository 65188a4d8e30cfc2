package io.roistream.coordinator.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.PseudoLabel;
import io.roistream.schemas.Topics;
import io.roistream.schemas.serde.SerdeConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;

/**
 * A record the registry cannot be asked about is no fault of the record: the handler fails the
 * stream thread (which reads it again when replaced) instead of dead-lettering and skipping it.
 */
class DeadLetteringDeserializationHandlerTest {

    @Test
    void aRecordUnreadableBecauseTheRegistryIsDownFailsTheThreadInsteadOfBeingSkipped() throws IOException {
        Map<String, Object> unreachable = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                "http://127.0.0.1:" + closedPort(), SerdeConfig.HTTP_CONNECT_TIMEOUT_MS, 1000);
        byte[] wire = ByteBuffer.allocate(9).put((byte) 0).putInt(42).putInt(0).array();
        SerializationException error;
        try (Deserializer<PseudoLabel> labels = Topics.PSEUDO_LABELS.valueSerde(unreachable).deserializer()) {
            error = assertThrows(SerializationException.class,
                    () -> labels.deserialize(Topics.PSEUDO_LABELS.name(), wire));
        }
        DeadLetteringDeserializationHandler handler = new DeadLetteringDeserializationHandler();
        handler.configure(unreachable);
        DeserializationExceptionHandler.Response response = handler.handleError(null,
                new ConsumerRecord<>(Topics.PSEUDO_LABELS.name(), 0, 7L, null, wire), error);

        assertEquals(DeserializationExceptionHandler.Result.FAIL, response.result(), error.getMessage());
        assertTrue(response.deadLetterQueueRecords().isEmpty(), "nothing dead-lettered");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
