package io.roistream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.runtime.objectstore.ObjectRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache on the shipped backbone with files held in memory (the worker reads them from the object store). */
class CheckpointCacheTest {

    private static DjlBackbone backbone;
    private static BackboneManifest manifest;
    private static byte[] file;
    private static byte[] tunedFile;

    private final Map<String, byte[]> files = new HashMap<>();
    private final List<String> fetched = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();

    @BeforeAll
    static void loadBackbone() throws Exception {
        manifest = DefaultBackbone.manifest();
        backbone = DefaultBackbone.load(Device.cpu());
        file = TestCheckpoints.twigInitFile(backbone, manifest, Map.of());
        tunedFile = TestCheckpoints.twigInitFile(backbone, manifest, Map.of(CheckpointCache.THRESHOLD_KEY, "0.3"));
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    private CheckpointCache cache(int capacity) {
        return new CheckpointCache(this::fetch, backbone, manifest, capacity, 64L << 20, new CheckpointCache.Observer() {
            @Override
            public void loaded(String version) {
                observed.add("loaded " + version);
            }

            @Override
            public void refused(String version) {
                observed.add("refused " + version);
            }
        });
    }

    private byte[] fetch(ObjectRef ref, long maxBytes) {
        fetched.add(ref.key());
        return files.get(ref.key());
    }

    private io.roistream.events.Checkpoint publish(String version, byte[] bytes, String announcedSha) {
        files.put(version, bytes);
        return TestCheckpoints.event(version, manifest.name(), "s3://checkpoints/" + version, announcedSha,
            bytes.length);
    }

    @Test
    void loadsOnFirstUseAndReadsTheCheckpointsThreshold() {
        try (CheckpointCache cache = cache(2)) {
            var v1 = publish("v1", file, RpnCheckpoint.sha256(file));
            var v2 = publish("v2", tunedFile, RpnCheckpoint.sha256(tunedFile));
            try (CheckpointCache.Lease first = cache.acquire(v1); CheckpointCache.Lease again = cache.acquire(v1);
                 CheckpointCache.Lease tuned = cache.acquire(v2)) {
                assertNotNull(first.rpn());
                assertEquals(first.rpn(), again.rpn());
                assertTrue(first.threshold().isEmpty());
                assertEquals(0.3, tuned.threshold().orElseThrow(), 1e-12);
            }
            assertEquals(List.of("v1", "v2"), fetched);
            assertEquals(List.of("loaded v1", "loaded v2"), observed);
            assertEquals(List.of("v1", "v2"), cache.loadedVersions());
        }
    }

    @Test
    void shaMismatchIsRefusedOnceAndThePreviousVersionStaysLoaded() {
        try (CheckpointCache cache = cache(3)) {
            cache.acquire(publish("v1", file, RpnCheckpoint.sha256(file))).close();
            var swapped = publish("v2", tunedFile, RpnCheckpoint.sha256(file));
            CheckpointRefusedException refused = assertThrows(CheckpointRefusedException.class,
                () -> cache.acquire(swapped));
            assertEquals("v2", refused.version());
            assertTrue(refused.getMessage().contains("does not match the expected"), refused.getMessage());
            assertThrows(CheckpointRefusedException.class, () -> cache.acquire(swapped));
            assertEquals(List.of("v1", "v2"), fetched, "a refused version is not downloaded again");
            assertEquals(List.of("loaded v1", "refused v2"), observed);
            assertEquals(List.of("v1"), cache.loadedVersions());
            try (CheckpointCache.Lease previous = cache.acquire(TestCheckpoints.event("v1", manifest.name(),
                    "s3://checkpoints/v1", RpnCheckpoint.sha256(file), file.length))) {
                assertEquals("v1", previous.version());
            }
        }
    }

    @Test
    void tamperedAndForeignFilesAreRefused() {
        byte[] tampered = file.clone();
        tampered[tampered.length - 1] ^= 1;
        byte[] notACheckpoint = "weights, honest".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (CheckpointCache cache = cache(3)) {
            assertThrows(CheckpointRefusedException.class,
                () -> cache.acquire(publish("tampered", tampered, RpnCheckpoint.sha256(tampered))));
            CheckpointRefusedException garbage = assertThrows(CheckpointRefusedException.class,
                () -> cache.acquire(publish("garbage", notACheckpoint, RpnCheckpoint.sha256(notACheckpoint))));
            assertTrue(garbage.getMessage().contains("bad magic"), garbage.getMessage());
            assertTrue(cache.loadedVersions().isEmpty());
        }
    }

    @Test
    void leastRecentlyUsedVersionGoesBeyondCapacity() {
        try (CheckpointCache cache = cache(1)) {
            var v1 = publish("v1", file, RpnCheckpoint.sha256(file));
            var v2 = publish("v2", tunedFile, RpnCheckpoint.sha256(tunedFile));
            try (CheckpointCache.Lease held = cache.acquire(v1)) {
                cache.acquire(v2).close();
                assertEquals(List.of("v2"), cache.loadedVersions());
                assertNotNull(held.rpn().config(), "an evicted RPN stays usable while leased");
            }
            cache.acquire(v1).close();
            assertEquals(List.of("v1", "v2", "v1"), fetched);
        }
    }
}
