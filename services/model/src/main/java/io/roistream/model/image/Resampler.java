package io.roistream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Separable resampling of a square source region onto a square view: exact area averaging when
 * shrinking, bilinear interpolation when enlarging, a fixed padding colour outside the image.
 */
final class Resampler {

    private Resampler() {
    }

    /** Source taps of one view pixel along one axis: indices (possibly outside the image) and weights. */
    private record Taps(int[] index, float[] weight) {
    }

    /**
     * The view as a new {@code TYPE_INT_RGB} image of {@code target x target}; see
     * {@link #renderRgb}.
     */
    static BufferedImage render(BufferedImage source, double x0, double y0, double side, int target, int paddingRgb) {
        int[] rgb = renderRgb(source, x0, y0, side, target, paddingRgb);
        BufferedImage view = new BufferedImage(target, target, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) view.getRaster().getDataBuffer()).getData();
        System.arraycopy(rgb, 0, pixels, 0, rgb.length);
        return view;
    }

    /**
     * The view of the square region ({@code x0}, {@code y0}, {@code side}) of {@code source} as
     * {@code target x target} packed RGB ints, row by row. Separable: each source row the vertical
     * taps name is resampled horizontally once into one of two row buffers (consecutive view rows
     * share at most two source rows), and the view row is their weighted sum, so memory stays at a
     * few rows whatever the sizes.
     */
    static int[] renderRgb(BufferedImage source, double x0, double y0, double side, int target, int paddingRgb) {
        Taps[] yTaps = taps(y0, side, target);
        HorizontalRows rows = new HorizontalRows(source, taps(x0, side, target), target, paddingRgb);
        int[] result = new int[target * target];
        float[] sum = new float[target * 3];
        for (int j = 0; j < target; j++) {
            Taps t = yTaps[j];
            Arrays.fill(sum, 0f);
            for (int k = 0; k < t.index.length; k++) {
                float[] row = rows.row(t.index[k]);
                float w = t.weight[k];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += w * row[i];
                }
            }
            for (int i = 0; i < target; i++) {
                result[j * target + i] = (channel(sum[3 * i]) << 16) | (channel(sum[3 * i + 1]) << 8)
                    | channel(sum[3 * i + 2]);
            }
        }
        return result;
    }

    /**
     * Source rows resampled to the view's width (target x 3 floats, RGB interleaved), the last two
     * kept: a row above or below the image is the padding colour, and so is a column outside it.
     */
    private static final class HorizontalRows {
        private final BufferedImage source;
        private final Taps[] xTaps;
        private final int colLo;
        private final int readWidth;
        private final float[] pad;
        private final int[] pixels;
        private final int[] index = {Integer.MIN_VALUE, Integer.MIN_VALUE};
        private final float[][] rows;
        private int older;

        HorizontalRows(BufferedImage source, Taps[] xTaps, int target, int paddingRgb) {
            this.source = source;
            this.xTaps = xTaps;
            this.colLo = Math.max(0, tapRange(xTaps, true));
            int colHi = Math.min(source.getWidth() - 1, tapRange(xTaps, false));
            this.readWidth = Math.max(0, colHi - colLo + 1);
            this.pad = new float[] {(paddingRgb >> 16) & 0xff, (paddingRgb >> 8) & 0xff, paddingRgb & 0xff};
            this.pixels = new int[readWidth];
            this.rows = new float[2][target * 3];
        }

        /** Source row {@code r} resampled horizontally (valid until the next two calls). */
        float[] row(int r) {
            for (int slot = 0; slot < 2; slot++) {
                if (index[slot] == r) {
                    older = 1 - slot;
                    return rows[slot];
                }
            }
            int slot = older;
            older = 1 - slot;
            index[slot] = r;
            resample(r, rows[slot]);
            return rows[slot];
        }

        private void resample(int r, float[] out) {
            int width = source.getWidth();
            boolean inImage = r >= 0 && r < source.getHeight() && readWidth > 0;
            if (inImage) {
                RgbPixels.read(source, colLo, r, readWidth, 1, pixels);
            }
            for (int i = 0; i < xTaps.length; i++) {
                Taps t = xTaps[i];
                float red = 0;
                float green = 0;
                float blue = 0;
                for (int k = 0; k < t.index.length; k++) {
                    int c = t.index[k];
                    float w = t.weight[k];
                    if (inImage && c >= 0 && c < width) {
                        int rgb = pixels[c - colLo];
                        red += w * ((rgb >> 16) & 0xff);
                        green += w * ((rgb >> 8) & 0xff);
                        blue += w * (rgb & 0xff);
                    } else {
                        red += w * pad[0];
                        green += w * pad[1];
                        blue += w * pad[2];
                    }
                }
                out[3 * i] = red;
                out[3 * i + 1] = green;
                out[3 * i + 2] = blue;
            }
        }
    }

    private static int tapRange(Taps[] taps, boolean lowest) {
        int best = lowest ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (Taps t : taps) {
            for (int index : t.index) {
                best = lowest ? Math.min(best, index) : Math.max(best, index);
            }
        }
        return best;
    }

    private static int channel(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }

    /** Taps along one axis for the region [start, start + side) drawn onto {@code target} pixels. */
    private static Taps[] taps(double start, double side, int target) {
        double step = side / target;
        Taps[] taps = new Taps[target];
        for (int i = 0; i < target; i++) {
            taps[i] = step >= 1 ? areaTaps(start + i * step, start + (i + 1) * step) : bilinearTaps(start + (i + 0.5) * step - 0.5);
        }
        return taps;
    }

    private static Taps areaTaps(double from, double to) {
        int first = (int) Math.floor(from);
        int last = (int) Math.ceil(to) - 1;
        int[] index = new int[last - first + 1];
        float[] weight = new float[index.length];
        double span = to - from;
        for (int c = first; c <= last; c++) {
            double overlap = Math.min(to, c + 1) - Math.max(from, c);
            index[c - first] = c;
            weight[c - first] = (float) (Math.max(0, overlap) / span);
        }
        return new Taps(index, weight);
    }

    private static Taps bilinearTaps(double centre) {
        int left = (int) Math.floor(centre);
        float fraction = (float) (centre - left);
        return new Taps(new int[] {left, left + 1}, new float[] {1 - fraction, fraction});
    }
}
