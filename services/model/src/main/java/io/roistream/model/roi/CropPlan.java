package io.roistream.model.roi;

import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.GridBox;
import java.util.Arrays;
import java.util.Objects;

/**
 * What to crop and which crop tokens to insert for one sample.
 *
 * @param mode {@link RoiMode#BBOX} or {@link RoiMode#MASK}
 * @param gridBox the cropped RoI box on the global grid (one region's when only the strongest of
 *     several is cropped)
 * @param sourceBox the RoI box in source-image pixels, clipped to the image
 * @param cropView the square crop view around {@code sourceBox}
 *     ({@link ViewTransform#around}); render it from the original image and encode it
 * @param keptTokens indices (row-major over the crop's token grid, ascending) of the crop tokens to
 *     insert after the global image tokens: all of them in BBOX mode, those under the mask in MASK
 *     mode; never empty
 */
public record CropPlan(RoiMode mode, GridBox gridBox, Box sourceBox, ViewTransform cropView, int[] keptTokens) {

    /** Checks the fields and copies the token indices. */
    public CropPlan {
        Objects.requireNonNull(gridBox, "gridBox");
        Objects.requireNonNull(sourceBox, "sourceBox");
        Objects.requireNonNull(cropView, "cropView");
        if (mode == null || mode == RoiMode.NONE) {
            throw new IllegalArgumentException("a crop plan needs a RoI");
        }
        if (keptTokens == null || keptTokens.length == 0) {
            throw new IllegalArgumentException("a crop plan keeps at least one token");
        }
        keptTokens = keptTokens.clone();
    }

    /** A copy of the kept token indices. */
    @Override
    public int[] keptTokens() {
        return keptTokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CropPlan other && mode == other.mode && gridBox.equals(other.gridBox)
            && sourceBox.equals(other.sourceBox) && sameView(cropView, other.cropView)
            && Arrays.equals(keptTokens, other.keptTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, gridBox, sourceBox, cropView.sourceRegion(), cropView.targetSize(),
            Arrays.hashCode(keptTokens));
    }

    private static boolean sameView(ViewTransform a, ViewTransform b) {
        return a.sourceWidth() == b.sourceWidth() && a.sourceHeight() == b.sourceHeight()
            && a.sourceRegion().equals(b.sourceRegion()) && a.targetSize() == b.targetSize();
    }

    @Override
    public String toString() {
        return "CropPlan[" + mode + ", grid " + gridBox + ", source " + sourceBox + ", " + cropView + ", "
            + keptTokens.length + " token(s)]";
    }
}
