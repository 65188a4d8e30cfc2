package io.roistream.coordinator.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roistream.coordinator.state.JsonSerde;
import io.roistream.events.TriggerReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingStateTest {

    private static final TrainingPolicy POLICY = new TrainingPolicy(3, 2, Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofSeconds(1), 1, Duration.ofHours(1), 3);

    @Test
    void roundTripsThroughItsJsonSerdeWithAndWithoutATriggerInFlight() {
        JsonSerde<TrainingState> serde = new JsonSerde<>(TrainingState.class);
        TrainingState idle = TrainingState.initial("b").withNewLabels(2, 1_000);
        TrainingState busy = idle.trainingStarted(new InFlightTraining("b-trigger-000001", "COUNT",
                "s3://manifests/b/b-trigger-000001.json", 2, null, 1_000, 1_000, 1)).withNewLabels(1, 2_000);
        for (TrainingState state : new TrainingState[] {idle, busy}) {
            assertEquals(state, serde.deserializer().deserialize("t", serde.serializer().serialize("t", state)));
        }
        byte[] newer = "{\"backboneId\":\"b\",\"round\":2,\"newLabels\":0,\"addedLater\":true}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(2, serde.deserializer().deserialize("t", newer).round());
    }

    @Test
    void countingTracksTheOldestNewLabel() {
        TrainingState state = TrainingState.initial("b").withNewLabels(1, 1_000).withNewLabels(1, 5_000);
        assertEquals(2, state.newLabels());
        assertEquals(1_000L, state.firstNewLabelAt());
        assertNull(state.withNewLabels(-1, 6_000).withNewLabels(-1, 7_000).firstNewLabelAt());
    }

    @Test
    void thePolicyTriggersOnCountOrOnTimeWithEnoughLabelsAndNeverWhileInFlight() {
        TrainingState two = TrainingState.initial("b").withNewLabels(2, 0);
        assertEquals(Optional.empty(), POLICY.due(two, Duration.ofMinutes(10).toMillis() - 1));
        assertEquals(TriggerReason.TIME, POLICY.due(two, Duration.ofMinutes(10).toMillis()).orElseThrow());
        assertEquals(TriggerReason.COUNT, POLICY.due(two.withNewLabels(1, 1), 1).orElseThrow());
        TrainingState inFlight = two.withNewLabels(1, 1).trainingStarted(
                new InFlightTraining("t", "COUNT", "s3://m/t", 3, null, 0, 0, 1)).withNewLabels(3, 2);
        assertEquals(Optional.empty(), POLICY.due(inFlight, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPolicy(2, 3, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), 1, Duration.ofHours(1), 3));
    }
}
