package io.roistream.model.roi;

import io.roistream.model.labels.Grids;

/**
 * A separable Gaussian blur of a row-major map, as torchvision's {@code gaussian_blur} (the
 * reference's): kernel weights {@code exp(-x^2 / (2 sigma^2))} at integer offsets
 * {@code x = -r..r}, normalised to sum 1, applied along rows then columns. Borders are reflected
 * without repeating the edge cell (offset -1 reads cell 1), as torchvision pads; a grid one cell
 * wide reads its only cell. Sums run in double precision. Thread-safe.
 */
public final class GaussianBlur {

    private final double[] kernel;
    private final int radius;

    /**
     * @param kernelSize odd kernel side (1 leaves maps unchanged)
     * @param sigma standard deviation in cells
     */
    public GaussianBlur(int kernelSize, double sigma) {
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + kernelSize);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        }
        radius = kernelSize / 2;
        kernel = new double[kernelSize];
        double sum = 0;
        for (int i = 0; i < kernelSize; i++) {
            int x = i - radius;
            kernel[i] = Math.exp(-(x * x) / (2 * sigma * sigma));
            sum += kernel[i];
        }
        for (int i = 0; i < kernelSize; i++) {
            kernel[i] /= sum;
        }
    }

    /** The normalised 1-D kernel, offsets -r..r. */
    public double[] kernel() {
        return kernel.clone();
    }

    /** The blurred map, a new array. */
    public float[] apply(float[] map, int height, int width) {
        Grids.checkMap("input", map, height, width);
        double[] rows = new double[map.length];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * map[r * width + reflect(c + k, width)];
                }
                rows[r * width + c] = sum;
            }
        }
        float[] out = new float[map.length];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * rows[reflect(r + k, height) * width + c];
                }
                out[r * width + c] = (float) sum;
            }
        }
        return out;
    }

    /** Index {@code i} reflected into 0..n-1 without repeating the edge (period 2(n-1)). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
