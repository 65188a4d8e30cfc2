package io.roistream.runtime.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.ImageRef;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Intake of inline images (the object-store path is in {@link ImageIntakeIntegrationTest}). */
class ImageIntakeTest {

    private static final ImageLimits LIMITS = new ImageLimits(64 * 1024, 1024 * 1024, 4_000_000, 4096, Set.of("png", "JPEG"));
    private final ImageIntake intake = ImageIntake.inlineOnly(LIMITS);

    private static ImageRef inline(byte[] bytes) {
        return ImageRef.newBuilder().setInlineBytes(ByteBuffer.wrap(bytes)).setContentType("image/png").build();
    }

    private RejectionReason rejection(ImageRef ref) {
        return assertThrows(ImageRejectedException.class, () -> intake.check(ref)).reason();
    }

    @Test
    void acceptsARealPngAndDecodesIt() {
        byte[] png = TestImages.encoded("png", 40, 30);
        CheckedImage image = intake.check(inline(png));
        assertEquals("png", image.format());
        assertEquals(40, image.width());
        assertEquals(30, image.height());
        assertEquals(ImageIntake.sha256(png), image.sha256());
        BufferedImage pixels = image.decode();
        assertEquals(40, pixels.getWidth());
    }

    @Test
    void acceptsJpegWithMatchingChecksumAndSize() {
        byte[] jpeg = TestImages.encoded("jpeg", 16, 8);
        ImageRef ref = ImageRef.newBuilder(inline(jpeg)).setContentType("image/jpeg")
                .setSha256(ImageIntake.sha256(jpeg).toUpperCase()).setWidth(16).setHeight(8).build();
        assertEquals("jpeg", intake.check(ref).format());
    }

    @Test
    void headerClaimingAHugeImageIsRejectedBeforeDecoding() {
        ImageRejectedException error = assertThrows(ImageRejectedException.class,
                () -> intake.check(inline(TestImages.pngHeaderClaiming(100_000, 100_000))));
        assertEquals(RejectionReason.TOO_MANY_PIXELS, error.reason());
        assertTrue(error.getMessage().contains("100000x100000"), error.getMessage());
    }

    @Test
    void longSideWithinThePixelBudgetIsStillRejected() {
        assertEquals(RejectionReason.TOO_MANY_PIXELS, rejection(inline(TestImages.pngHeaderClaiming(100_000, 1))));
    }

    @Test
    void zeroByZeroHeaderIsRejected() {
        assertEquals(RejectionReason.BAD_HEADER, rejection(inline(TestImages.pngHeaderClaiming(0, 0))));
    }

    @Test
    void textIsNotAnImage() {
        ImageRejectedException error = assertThrows(ImageRejectedException.class,
                () -> intake.check(inline("hello, I am plain text".getBytes(StandardCharsets.UTF_8))));
        assertEquals(RejectionReason.NOT_AN_IMAGE, error.reason());
        assertTrue(error.getMessage().contains("68 65 6c 6c"), error.getMessage());
    }

    @Test
    void emptyBytesAreRejected() {
        assertEquals(RejectionReason.EMPTY, rejection(inline(new byte[0])));
    }

    @Test
    void headerCutShortIsABadHeader() {
        byte[] png = TestImages.encoded("png", 40, 30);
        assertEquals(RejectionReason.BAD_HEADER, rejection(inline(TestImages.truncated(png, 20))));
    }

    @Test
    void pixelDataCutShortPassesTheHeaderButFailsToDecode() {
        byte[] png = TestImages.encoded("png", 64, 64);
        CheckedImage image = intake.check(inline(TestImages.truncated(png, png.length / 2)));
        ImageRejectedException error = assertThrows(ImageRejectedException.class, image::decode);
        assertEquals(RejectionReason.UNDECODABLE, error.reason());
    }

    @Test
    void formatsOutsideTheConfiguredSetAreUnsupported() {
        assertEquals(RejectionReason.UNSUPPORTED_FORMAT, rejection(inline(TestImages.encoded("bmp", 4, 4))));
        assertEquals(RejectionReason.UNSUPPORTED_FORMAT, rejection(inline(TestImages.encoded("gif", 4, 4))));
    }

    @Test
    void inlinePayloadOverTheLimitIsRejectedUnread() {
        assertEquals(RejectionReason.INLINE_TOO_LARGE, rejection(inline(new byte[64 * 1024 + 1])));
    }

    @Test
    void checksumMismatchIsRejected() {
        ImageRef ref = ImageRef.newBuilder(inline(TestImages.encoded("png", 4, 4))).setSha256("00".repeat(32)).build();
        assertEquals(RejectionReason.CHECKSUM_MISMATCH, rejection(ref));
    }

    @Test
    void sizeDifferentFromTheReferenceIsRejected() {
        ImageRef ref = ImageRef.newBuilder(inline(TestImages.encoded("png", 4, 4))).setWidth(5).build();
        assertEquals(RejectionReason.SIZE_MISMATCH, rejection(ref));
    }

    @Test
    void exactlyOneSourceIsRequired() {
        assertEquals(RejectionReason.NO_SINGLE_SOURCE, rejection(ImageRef.newBuilder().setContentType("image/png").build()));
        ImageRef both = ImageRef.newBuilder(inline(TestImages.encoded("png", 4, 4))).setUri("s3://images/a.png").build();
        assertEquals(RejectionReason.NO_SINGLE_SOURCE, rejection(both));
    }
}
