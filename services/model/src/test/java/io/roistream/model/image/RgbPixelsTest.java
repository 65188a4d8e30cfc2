package io.roistream.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RgbPixelsTest {

    @ParameterizedTest(name = "image type {0}")
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB_PRE})
    void readsWhatGetRgbReads(int type) {
        BufferedImage image = randomImage(type, 37, 23, type);
        assertArrayEquals(image.getRGB(0, 0, 37, 23, null, 0, 37), RgbPixels.read(image, 0, 0, 37, 23));
        assertArrayEquals(image.getRGB(5, 3, 11, 17, null, 0, 11), RgbPixels.read(image, 5, 3, 11, 17));
        BufferedImage sub = image.getSubimage(4, 2, 20, 15);
        assertArrayEquals(sub.getRGB(1, 1, 9, 7, null, 0, 9), RgbPixels.read(sub, 1, 1, 9, 7));
    }

    private static BufferedImage randomImage(int type, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
