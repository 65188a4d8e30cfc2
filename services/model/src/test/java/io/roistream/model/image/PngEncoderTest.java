package io.roistream.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PngEncoderTest {

    @ParameterizedTest(name = "{0}x{1}, type {2}")
    @CsvSource({"1, 1, 1", "3, 2, 1", "384, 384, 1", "17, 9, 5", "8, 5, 2"})
    void anyReaderDecodesTheSameRgbValues(int width, int height, int type) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        SplittableRandom random = new SplittableRandom(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // smooth areas and noise, as in pictures with overlays
                image.setRGB(x, y, random.nextInt(4) == 0 ? random.nextInt() : 0xff336699 + x);
            }
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image)));
        assertEquals(width, decoded.getWidth());
        assertEquals(height, decoded.getHeight());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertEquals(image.getRGB(x, y) & 0xffffff, decoded.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }
}
