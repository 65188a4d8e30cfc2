package io.roistream.model.image;

import java.awt.image.BufferedImage;

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

    static BufferedImage render(BufferedImage source, double x0, double y0, double side, int target, int paddingRgb) {
        int width = source.getWidth();
        int height = source.getHeight();
        Taps[] xTaps = taps(x0, side, target);
        Taps[] yTaps = taps(y0, side, target);
        int rowLo = tapRange(yTaps, true);
        int rowHi = tapRange(yTaps, false);
        int colLo = Math.max(0, tapRange(xTaps, true));
        int colHi = Math.min(width - 1, tapRange(xTaps, false));
        int readLo = Math.max(0, rowLo);
        int readHi = Math.min(height - 1, rowHi);
        float[] pad = {(paddingRgb >> 16) & 0xff, (paddingRgb >> 8) & 0xff, paddingRgb & 0xff};

        int readWidth = Math.max(0, colHi - colLo + 1);
        int[] pixels = readWidth > 0 && readHi >= readLo
            ? RgbPixels.read(source, colLo, readLo, readWidth, readHi - readLo + 1)
            : new int[0];

        // Horizontal pass: one row of target x 3 floats for every source row the vertical taps use.
        float[][] rows = new float[rowHi - rowLo + 1][];
        for (int r = rowLo; r <= rowHi; r++) {
            float[] out = new float[target * 3];
            boolean inImage = r >= 0 && r < height && readWidth > 0;
            int rowOffset = (r - readLo) * readWidth;
            for (int i = 0; i < target; i++) {
                Taps t = xTaps[i];
                float red = 0;
                float green = 0;
                float blue = 0;
                for (int k = 0; k < t.index.length; k++) {
                    int c = t.index[k];
                    float w = t.weight[k];
                    if (inImage && c >= 0 && c < width) {
                        int rgb = pixels[rowOffset + c - colLo];
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
            rows[r - rowLo] = out;
        }

        // Vertical pass.
        int[] result = new int[target * target];
        for (int j = 0; j < target; j++) {
            Taps t = yTaps[j];
            for (int i = 0; i < target; i++) {
                float red = 0;
                float green = 0;
                float blue = 0;
                for (int k = 0; k < t.index.length; k++) {
                    float[] row = rows[t.index[k] - rowLo];
                    float w = t.weight[k];
                    red += w * row[3 * i];
                    green += w * row[3 * i + 1];
                    blue += w * row[3 * i + 2];
                }
                result[j * target + i] = (channel(red) << 16) | (channel(green) << 8) | channel(blue);
            }
        }
        BufferedImage view = new BufferedImage(target, target, BufferedImage.TYPE_INT_RGB);
        view.setRGB(0, 0, target, target, result, 0, target);
        return view;
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
