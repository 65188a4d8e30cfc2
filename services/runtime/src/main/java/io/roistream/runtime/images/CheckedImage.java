package io.roistream.runtime.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Encoded image bytes whose header passed intake: the format and size are known and within limits,
 * nothing has been decoded yet.
 *
 * @param bytes the encoded image
 * @param format the ImageIO format name, lower case
 * @param width width from the header
 * @param height height from the header
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 */
public record CheckedImage(byte[] bytes, String format, int width, int height, String sha256) {

    /**
     * Decodes the pixels (safe: the header's size is within the limits).
     *
     * @throws ImageRejectedException with {@link RejectionReason#UNDECODABLE} when the pixel data is truncated or corrupt
     */
    public BufferedImage decode() {
        try (ImageInputStream in = InMemoryImages.stream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(RejectionReason.UNDECODABLE, "no reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (image.getWidth() != width || image.getHeight() != height) {
                    throw new ImageRejectedException(RejectionReason.UNDECODABLE, "decoded " + image.getWidth() + "x"
                            + image.getHeight() + " but the header said " + width + "x" + height);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejectedException rejected) {
                throw rejected;
            }
            throw new ImageRejectedException(RejectionReason.UNDECODABLE, format + " pixel data unreadable: " + e, e);
        }
    }
}
