package io.roistream.runtime.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class InMemoryImagesTest {

    @Test
    void streamIsBufferedInMemoryWhereImageIoWouldUseATemporaryFile() throws IOException {
        byte[] png = TestImages.encoded("png", 8, 6);
        assertTrue(ImageIO.getUseCache(), "ImageIO's default, which this class avoids");
        try (ImageInputStream in = InMemoryImages.stream(png)) {
            assertTrue(in.isCachedMemory());
            assertFalse(in.isCachedFile());
        }
    }

    @Test
    void readsWhatImageIoReads() throws IOException {
        byte[] png = TestImages.encoded("png", 8, 6);
        BufferedImage image = InMemoryImages.read(png);
        assertEquals(8, image.getWidth());
        assertEquals(6, image.getHeight());
        BufferedImage reference = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(reference.getRGB(3, 2), image.getRGB(3, 2));
    }

    @Test
    void unrecognisedBytesAreNullAndCorruptOnesThrow() throws IOException {
        assertNull(InMemoryImages.read("not an image".getBytes(StandardCharsets.US_ASCII)));
        byte[] png = TestImages.encoded("png", 64, 64);
        assertThrows(IOException.class, () -> InMemoryImages.read(TestImages.truncated(png, png.length / 2)));
    }
}
