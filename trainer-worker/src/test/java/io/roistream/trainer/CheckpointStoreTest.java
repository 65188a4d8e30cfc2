package io.roistream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.runtime.retry.RejectedInput;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoint object keys and the stored event's JSON form. */
class CheckpointStoreTest {

    @Test
    void aTriggersCheckpointLivesUnderItsBackboneAndVersion() {
        assertEquals("s3://checkpoints/bb-1/t-7/rpn.ckpt", CheckpointStore.artifact("bb-1", "t-7").format());
        assertEquals("s3://checkpoints/bb-1/t-7/checkpoint.json", CheckpointStore.event("bb-1", "t-7").format());
        assertEquals("t-7", CheckpointStore.version(StoredLabelSets.trigger("bb-1", "t-7", "s3://manifests/x.json", 1)));
    }

    @Test
    void idsThatAreNotKeySegmentsAreRejected() {
        for (String id : new String[] {"../up", "a/b", "", " x", ".hidden"}) {
            TrainingRejectedException e = assertThrows(TrainingRejectedException.class,
                    () -> CheckpointStore.version(StoredLabelSets.trigger("bb", id, "s3://manifests/x.json", 1)), id);
            assertEquals(true, RejectedInput.isRejection(e));
        }
    }

    @Test
    void theStoredEventReadsBackEqual() throws Exception {
        Checkpoint failed = Checkpoint.newBuilder().setVersion("t-1").setBackboneId("bb").setArtifactUri("")
                .setSha256("").setSizeBytes(0).setMetrics(Map.of("usable_labels", 1.0))
                .setHyperParameters(Map.of("failure", "only 1 usable labels")).setTriggerId("t-1").setLabelCount(3)
                .setStatus(CheckpointStatus.FAILED).setCreatedAt(Instant.ofEpochMilli(1_700_000_000_123L)).build();
        assertEquals(failed, CheckpointStore.decode(CheckpointStore.encode(failed)));
        Checkpoint ready = Checkpoint.newBuilder(failed).setStatus(CheckpointStatus.READY)
                .setArtifactUri("s3://checkpoints/bb/t-1/rpn.ckpt").setSha256("ab".repeat(32)).setSizeBytes(1234)
                .setHyperParameters(Map.of("lr", "0.001")).build();
        assertEquals(ready, CheckpointStore.decode(CheckpointStore.encode(ready)));
    }
}
