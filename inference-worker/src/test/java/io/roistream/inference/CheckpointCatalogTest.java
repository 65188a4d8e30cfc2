package io.roistream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.Checkpoint;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointCatalogTest {

    private static Checkpoint event(String version, String uri) {
        return TestCheckpoints.event(version, "tiny", uri, "ab", 1);
    }

    @Test
    void unknownVersionIsEmptyAfterWaiting() throws Exception {
        CheckpointCatalog catalog = new CheckpointCatalog();
        catalog.record(event("v1", "s3://checkpoints/v1"));
        assertTrue(catalog.await("v2", Duration.ZERO).isEmpty());
        assertEquals("s3://checkpoints/v1", catalog.await("v1", Duration.ZERO).orElseThrow().getArtifactUri());
    }

    @Test
    void laterEventReplacesAndTombstoneForgets() {
        CheckpointCatalog catalog = new CheckpointCatalog();
        catalog.record(event("v1", "s3://checkpoints/a"));
        catalog.record(event("v1", "s3://checkpoints/b"));
        assertEquals("s3://checkpoints/b", catalog.find("v1").orElseThrow().getArtifactUri());
        catalog.forget("v1");
        assertEquals(Optional.empty(), catalog.find("v1"));
        assertEquals(0, catalog.size());
    }

    @Test
    void waiterWakesWhenItsVersionArrives() throws Exception {
        CheckpointCatalog catalog = new CheckpointCatalog();
        Thread publisher = new Thread(() -> {
            catalog.record(event("other", "s3://checkpoints/other"));
            catalog.record(event("v9", "s3://checkpoints/v9"));
        });
        publisher.start();
        assertEquals("v9", catalog.await("v9", Duration.ofMinutes(5)).orElseThrow().getVersion());
        publisher.join();
    }
}
