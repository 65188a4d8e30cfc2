package io.roistream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reads a rectangle of an image as packed ARGB ints, exactly as {@link BufferedImage#getRGB(int,
 * int, int, int, int[], int, int)} does, but straight from the pixel array for the types decoders
 * and renderers produce ({@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}, {@code TYPE_3BYTE_BGR},
 * {@code TYPE_4BYTE_ABGR}, not sub-images): {@code getRGB} converts every pixel through the colour
 * model, which made it the largest Java cost of rendering model views. Other images go through
 * {@code getRGB}.
 */
final class RgbPixels {

    private RgbPixels() {
    }

    /** The pixels of the {@code width x height} rectangle at ({@code x}, {@code y}), row by row. */
    static int[] read(BufferedImage image, int x, int y, int width, int height) {
        return read(image, x, y, width, height, new int[width * height]);
    }

    /**
     * The pixels of the {@code width x height} rectangle at ({@code x}, {@code y}), row by row, written
     * into {@code out} (which must hold at least {@code width x height}); returns {@code out}.
     */
    static int[] read(BufferedImage image, int x, int y, int width, int height, int[] out) {
        Raster raster = image.getRaster();
        boolean direct = raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
            && raster.getDataBuffer().getNumBanks() == 1;
        if (direct) {
            switch (image.getType()) {
                case BufferedImage.TYPE_INT_RGB:
                    return fromInts(raster, x, y, width, height, 0xff000000, out);
                case BufferedImage.TYPE_INT_ARGB:
                    return fromInts(raster, x, y, width, height, 0, out);
                case BufferedImage.TYPE_3BYTE_BGR:
                case BufferedImage.TYPE_4BYTE_ABGR:
                    return fromBytes(raster, x, y, width, height, out);
                default:
                    break;
            }
        }
        return image.getRGB(x, y, width, height, out, 0, width);
    }

    private static int[] fromInts(Raster raster, int x, int y, int width, int height, int alpha, int[] out) {
        int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
        int offset = raster.getDataBuffer().getOffset();
        int stride = ((SinglePixelPackedSampleModel) raster.getSampleModel()).getScanlineStride();
        for (int r = 0; r < height; r++) {
            int from = offset + (y + r) * stride + x;
            for (int c = 0; c < width; c++) {
                out[r * width + c] = data[from + c] | alpha;
            }
        }
        return out;
    }

    private static int[] fromBytes(Raster raster, int x, int y, int width, int height, int[] out) {
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
        int offset = raster.getDataBuffer().getOffset();
        int stride = model.getScanlineStride();
        int step = model.getPixelStride();
        int[] bands = model.getBandOffsets();
        boolean hasAlpha = bands.length == 4;
        for (int r = 0; r < height; r++) {
            int pixel = offset + (y + r) * stride + x * step;
            for (int c = 0; c < width; c++, pixel += step) {
                int alpha = hasAlpha ? data[pixel + bands[3]] & 0xff : 0xff;
                out[r * width + c] = alpha << 24 | (data[pixel + bands[0]] & 0xff) << 16
                    | (data[pixel + bands[1]] & 0xff) << 8 | data[pixel + bands[2]] & 0xff;
            }
        }
        return out;
    }
}
