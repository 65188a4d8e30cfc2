package io.roistream.model.roi;

import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.training.SceneViews;
import io.roistream.model.labels.Grids;

/**
 * How a RoI becomes a crop: the crop view's size in pixels and its token grid (the backbone's:
 * e.g. a 96 px crop pooled to 6x6 tokens), the smallest crop side, and the mask-mode keep
 * threshold.
 *
 * @param viewSize side of the square crop view in pixels (the encoder's input size)
 * @param tokenRows rows of the crop's token grid
 * @param tokenCols columns of the crop's token grid
 * @param minSidePx smallest side of the crop's square source region in source pixels (0: the box's
 *     longer side)
 * @param maskKeepThreshold in mask mode a crop token is kept where the resized mask is above this
 */
public record CropSpec(int viewSize, int tokenRows, int tokenCols, double minSidePx, double maskKeepThreshold) {

    /** Default smallest crop side: none beyond the RoI box itself. */
    public static final double DEFAULT_MIN_SIDE_PX = 0;
    /** Reference mask-mode keep threshold. */
    public static final double DEFAULT_MASK_KEEP_THRESHOLD = 0.5;

    /** Checks every value. */
    public CropSpec {
        if (viewSize < 1) {
            throw new IllegalArgumentException("crop view size must be positive, got " + viewSize);
        }
        Grids.checkShape(tokenRows, tokenCols);
        if (!(minSidePx >= 0) || !Double.isFinite(minSidePx)) {
            throw new IllegalArgumentException("min crop side must be finite and >= 0, got " + minSidePx);
        }
        if (!(maskKeepThreshold >= 0 && maskKeepThreshold < 1)) {
            throw new IllegalArgumentException("mask keep threshold must be in [0, 1), got " + maskKeepThreshold);
        }
    }

    /** A crop of {@code viewSize} pixels with a square token grid, other values the defaults. */
    public static CropSpec of(int viewSize, int tokenSide) {
        return new CropSpec(viewSize, tokenSide, tokenSide, DEFAULT_MIN_SIDE_PX, DEFAULT_MASK_KEEP_THRESHOLD);
    }

    /**
     * The crops a backbone of {@code config} reads: its view size, its pooled crop-token grid, no side
     * below the smallest its pretraining cropped ({@link SceneViews#MIN_CROP_SIDE}), the reference's
     * mask-mode keep threshold.
     */
    public static CropSpec forBackbone(BackboneConfig config) {
        int side = config.cropGridSize();
        return new CropSpec(config.imageSize(), side, side, SceneViews.MIN_CROP_SIDE, DEFAULT_MASK_KEEP_THRESHOLD);
    }

    /** Number of tokens a crop encodes to. */
    public int tokenCount() {
        return tokenRows * tokenCols;
    }
}
