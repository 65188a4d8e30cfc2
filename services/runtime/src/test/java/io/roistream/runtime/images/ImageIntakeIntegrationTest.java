package io.roistream.runtime.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roistream.events.ImageRef;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Intake of images stored in a real S3Proxy. */
@WithEmbeddedStack(brokers = 1, registry = false, objectStore = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIntakeIntegrationTest {

    private ObjectStore store;
    private ImageIntake intake;

    @BeforeAll
    void connect(StackEndpoints stack) {
        store = ObjectStore.connect(new ObjectStoreSettings(stack.objectStoreEndpoint(), stack.objectStoreAccessKey(),
                stack.objectStoreSecretKey(), "us-east-1", Duration.ofSeconds(2), Duration.ofSeconds(10),
                RetryPolicy.noRetries()));
        store.ensureBucket(ObjectStoreLayout.IMAGES_BUCKET);
        intake = new ImageIntake(store, new ImageLimits(1024, 2048, 1_000_000, 4096, Set.of("png")));
    }

    @AfterAll
    void close() {
        store.close();
    }

    private static ImageRef stored(String uri) {
        return ImageRef.newBuilder().setUri(uri).setContentType("image/png").build();
    }

    @Test
    void storedPngIsFetchedAndChecked() {
        byte[] png = TestImages.encoded("png", 12, 10);
        store.put(ObjectRef.parse("s3://images/ok.png"), png, "image/png");
        CheckedImage image = intake.check(ImageRef.newBuilder(stored("s3://images/ok.png"))
                .setSha256(ImageIntake.sha256(png)).build());
        assertEquals(12, image.width());
        assertEquals(10, image.decode().getHeight());
    }

    @Test
    void missingObjectIsRejected() {
        assertEquals(RejectionReason.OBJECT_MISSING, assertThrows(ImageRejectedException.class,
                () -> intake.check(stored("s3://images/absent.png"))).reason());
    }

    @Test
    void storedObjectOverTheLimitIsRejectedWithoutDownload() {
        store.put(ObjectRef.parse("s3://images/big.png"), new byte[4096], "image/png");
        assertEquals(RejectionReason.OBJECT_TOO_LARGE, assertThrows(ImageRejectedException.class,
                () -> intake.check(stored("s3://images/big.png"))).reason());
    }

    @Test
    void storedDecompressionBombIsRejected() {
        store.put(ObjectRef.parse("s3://images/bomb.png"), TestImages.pngHeaderClaiming(100_000, 100_000), "image/png");
        assertEquals(RejectionReason.TOO_MANY_PIXELS, assertThrows(ImageRejectedException.class,
                () -> intake.check(stored("s3://images/bomb.png"))).reason());
    }

    @Test
    void malformedUriIsRejected() {
        assertEquals(RejectionReason.INVALID_URI, assertThrows(ImageRejectedException.class,
                () -> intake.check(stored("https://example.org/a.png"))).reason());
    }
}
