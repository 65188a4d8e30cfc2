package io.roistream.model.image;

import java.awt.image.BufferedImage;

/**
 * Turns view images into the float tensors an image encoder reads: channel-first (CHW) RGB,
 * scaled to [0, 1] then normalised with the CLIP mean and standard deviation per channel, so
 * {@link ViewTransform#PADDING_RGB} maps to about zero.
 */
public final class PixelTensors {

    /** Per-channel (R, G, B) mean subtracted after scaling to [0, 1] (CLIP's). */
    public static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    /** Per-channel (R, G, B) standard deviation divided by after subtracting the mean (CLIP's). */
    public static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private PixelTensors() {
    }

    /** A new array of 3 x height x width normalised floats (channel, row, column order). */
    public static float[] toChw(BufferedImage image) {
        float[] out = new float[3 * image.getWidth() * image.getHeight()];
        toChw(image, out, 0);
        return out;
    }

    /**
     * Writes 3 x height x width normalised floats into {@code destination} from {@code offset}
     * (to fill one slot of a batch buffer without allocating).
     */
    public static void toChw(BufferedImage image, float[] destination, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        if (offset < 0 || destination.length - offset < 3 * plane) {
            throw new IllegalArgumentException("destination has room for " + (destination.length - offset)
                + " floats from offset " + offset + ", a " + width + "x" + height + " image needs " + 3 * plane);
        }
        fromRgb(RgbPixels.read(image, 0, 0, width, height), destination, offset);
    }

    /** Writes the normalised CHW floats of packed RGB pixels {@code rgb} into {@code destination} from {@code offset}. */
    static void fromRgb(int[] rgb, float[] destination, int offset) {
        int plane = rgb.length;
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float mean = MEAN[c];
            float std = STD[c];
            int base = offset + c * plane;
            for (int p = 0; p < plane; p++) {
                destination[base + p] = (((rgb[p] >> shift) & 0xff) / 255f - mean) / std;
            }
        }
    }
}
