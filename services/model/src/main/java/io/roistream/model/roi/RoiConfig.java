package io.roistream.model.roi;

/**
 * How a logit map becomes RoI regions (METHOD.md section 3, steps 2-3). Defaults are the
 * reference's but one: single cells are kept (see {@link #DEFAULT_MIN_REGION_CELLS}).
 *
 * <p>The lower size limits are in cells, as in the reference: regions under 4 cells grow to 3x3.
 * The upper limit scales with the grid: the reference drops regions over 225 cells of a 24x24 grid
 * (39% of it), so the limit is a share of the grid's cells, {@link #DEFAULT_MAX_REGION_SHARE} =
 * 225/576, which gives exactly 225 cells on 24x24 and 56 on 12x12 (see {@link #maxRegionCells}).
 *
 * @param threshold tau: a cell is selected where its blurred probability is above this
 * @param blurKernelSize side of the Gaussian blur kernel (odd; 1 disables the blur)
 * @param blurSigma standard deviation of the blur, in cells
 * @param minRegionCells regions with fewer cells are dropped (2: single cells go)
 * @param growBelowCells regions with fewer cells grow to a {@code grownSide} square
 * @param grownSide side, in cells, a small region's box grows to (clipped to the grid)
 * @param maxRegionShare regions with more cells than this share of the grid are dropped
 */
public record RoiConfig(double threshold, int blurKernelSize, double blurSigma, int minRegionCells, int growBelowCells,
                        int grownSide, double maxRegionShare) {

    /** Reference threshold for documents and high-resolution search. */
    public static final double DEFAULT_THRESHOLD = 0.10;
    /** Reference blur: 3x3. */
    public static final int DEFAULT_BLUR_KERNEL_SIZE = 3;
    /** Reference blur: sigma 1 cell. */
    public static final double DEFAULT_BLUR_SIGMA = 1.0;
    /**
     * Single cells are kept (1); the reference drops them (2) as sinks and noise of its 24x24 grid of
     * 14-pixel patches. On the shipped backbone's 12x12 grid a cell is 32 pixels, about one object,
     * and a trained RPN's confident single-cell peak is the object (with the reference's rule 17% of
     * held-out questions got no region). On the validation split (seed 303, never used to test)
     * keeping single cells took RPN-RoI from 51.9% to 54.1% and left 1.4% of the questions without a
     * region (docs/results/sd-rpn.md). The reference's rule is
     * {@code withMinRegionCells(REFERENCE_MIN_REGION_CELLS)}.
     */
    public static final int DEFAULT_MIN_REGION_CELLS = 1;
    /** Reference: single cells are dropped (sinks, noise). */
    public static final int REFERENCE_MIN_REGION_CELLS = 2;
    /** Reference: regions under 4 cells are grown. */
    public static final int DEFAULT_GROW_BELOW_CELLS = 4;
    /** Reference: small regions grow to 3x3. */
    public static final int DEFAULT_GROWN_SIDE = 3;
    /** Reference: regions over 225 cells of the 24x24 grid are dropped. */
    public static final double DEFAULT_MAX_REGION_SHARE = 225.0 / 576.0;

    /** Checks every value. */
    public RoiConfig {
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
        }
        if (blurKernelSize < 1 || blurKernelSize % 2 == 0) {
            throw new IllegalArgumentException("blur kernel size must be odd and >= 1, got " + blurKernelSize);
        }
        if (!(blurSigma > 0) || !Double.isFinite(blurSigma)) {
            throw new IllegalArgumentException("blur sigma must be finite and > 0, got " + blurSigma);
        }
        if (minRegionCells < 1) {
            throw new IllegalArgumentException("min region cells must be >= 1, got " + minRegionCells);
        }
        if (growBelowCells < 0 || grownSide < 1) {
            throw new IllegalArgumentException("grow-below cells must be >= 0 and grown side >= 1, got "
                + growBelowCells + " and " + grownSide);
        }
        if (!(maxRegionShare > 0 && maxRegionShare <= 1)) {
            throw new IllegalArgumentException("max region share must be in (0, 1], got " + maxRegionShare);
        }
    }

    /** The default configuration (tau 0.10): the reference's, single cells kept. */
    public static RoiConfig defaults() {
        return new RoiConfig(DEFAULT_THRESHOLD, DEFAULT_BLUR_KERNEL_SIZE, DEFAULT_BLUR_SIGMA, DEFAULT_MIN_REGION_CELLS,
            DEFAULT_GROW_BELOW_CELLS, DEFAULT_GROWN_SIDE, DEFAULT_MAX_REGION_SHARE);
    }

    /** This configuration with another threshold tau. */
    public RoiConfig withThreshold(double tau) {
        return new RoiConfig(tau, blurKernelSize, blurSigma, minRegionCells, growBelowCells, grownSide, maxRegionShare);
    }

    /** This configuration with another smallest region kept, in cells (1 keeps single cells). */
    public RoiConfig withMinRegionCells(int cells) {
        return new RoiConfig(threshold, blurKernelSize, blurSigma, cells, growBelowCells, grownSide, maxRegionShare);
    }

    /** This configuration with small regions grown to another side, in cells. */
    public RoiConfig withGrownSide(int side) {
        return new RoiConfig(threshold, blurKernelSize, blurSigma, minRegionCells, growBelowCells, side, maxRegionShare);
    }

    /**
     * The most cells a region may have on a {@code height x width} grid:
     * floor(maxRegionShare x cells), with a tolerance of 1e-9 for rounding (225 on 24x24).
     */
    public int maxRegionCells(int height, int width) {
        return (int) Math.floor(maxRegionShare * height * width + 1e-9);
    }
}
