package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@WithEmbeddedStack(brokers = 1, registry = false, objectStore = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreIntegrationTest {

    private final AtomicInteger retries = new AtomicInteger();
    private ObjectStore store;

    @BeforeAll
    void connect(StackEndpoints stack) {
        store = ObjectStore.connect(settingsFor(stack), (operation, attempt, failure, pause) -> retries.incrementAndGet());
        store.ensureBucket(ObjectStoreLayout.IMAGES_BUCKET);
        store.ensureBucket(ObjectStoreLayout.LABELS_BUCKET);
    }

    @AfterAll
    void close() {
        store.close();
    }

    static ObjectStoreSettings settingsFor(StackEndpoints stack) {
        return new ObjectStoreSettings(stack.objectStoreEndpoint(), stack.objectStoreAccessKey(),
                stack.objectStoreSecretKey(), "us-east-1", Duration.ofSeconds(2), Duration.ofSeconds(10),
                new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 2.0));
    }

    @Test
    void putThenGetStatAndExists() {
        ObjectRef ref = ObjectRef.parse("s3://images/cub/0001.png");
        byte[] bytes = "not really a png".getBytes(StandardCharsets.UTF_8);
        store.put(ref, bytes, "image/png");

        assertArrayEquals(bytes, store.getBytes(ref, 1024));
        ObjectInfo info = store.stat(ref);
        assertEquals(bytes.length, info.size());
        assertEquals("image/png", info.contentType());
        assertTrue(store.exists(ref));
        assertFalse(store.exists(ref.sibling("cub/absent.png")));
    }

    @Test
    void putOverwritesSoRetriedWritesDoNotDuplicate() {
        ObjectRef ref = ObjectRef.parse("s3://labels/b/sample-7.maps");
        store.put(ref, new byte[] {1, 2, 3}, "application/octet-stream");
        store.put(ref, new byte[] {4, 5}, "application/octet-stream");
        assertArrayEquals(new byte[] {4, 5}, store.getBytes(ref, 10));
        assertEquals(1, store.list("labels", "b/sample-7").size());
    }

    @Test
    void missingObjectAndBucketFailAtOnceAsNotFound() {
        int retriesBefore = retries.get();
        ObjectNotFoundException missingKey = assertThrows(ObjectNotFoundException.class,
                () -> store.getBytes(ObjectRef.parse("s3://images/absent.png"), 100));
        assertTrue(missingKey.getMessage().contains("s3://images/absent.png"), missingKey.getMessage());
        assertThrows(ObjectNotFoundException.class, () -> store.stat(ObjectRef.parse("s3://no-such-bucket/a")));
        assertFalse(store.exists(ObjectRef.parse("s3://no-such-bucket/a")));
        assertEquals(retriesBefore, retries.get(), "permanent failures are not retried");
    }

    @Test
    void getRefusesObjectsOverTheLimit() {
        ObjectRef ref = ObjectRef.parse("s3://images/big.bin");
        store.put(ref, new byte[5000], "application/octet-stream");
        ObjectTooLargeException error = assertThrows(ObjectTooLargeException.class, () -> store.getBytes(ref, 4999));
        assertEquals(4999, error.limit());
        assertEquals(5000, store.getBytes(ref, 5000).length);
    }

    @Test
    void listsByPrefixAcrossLevelsInKeyOrder() {
        store.ensureBucket("manifests");
        store.ensureBucket("manifests");
        for (String key : List.of("bb/t2.json", "bb/t1.json", "bb/deep/t3.json", "other/t4.json")) {
            store.put(new ObjectRef("manifests", key), key.getBytes(StandardCharsets.UTF_8), "application/json");
        }
        List<String> keys = store.list("manifests", "bb/").stream().map(info -> info.ref().key()).toList();
        assertEquals(List.of("bb/deep/t3.json", "bb/t1.json", "bb/t2.json"), keys);
        assertEquals("bb/t1.json".length(), store.list("manifests", "bb/t1").get(0).size());
    }
}
