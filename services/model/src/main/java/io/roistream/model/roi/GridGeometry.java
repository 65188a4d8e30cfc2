package io.roistream.model.roi;

import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.GridBox;
import io.roistream.model.labels.Grids;
import java.util.Arrays;

/**
 * The geometry of the global view's token grid: the {@code height x width} grid covers the whole
 * square global view (the letterboxed image, padding included), so a cell is
 * {@code targetSize / width} view pixels wide and {@code targetSize / height} tall. Maps grid boxes
 * to view and source pixels, and selects crop tokens under a grid mask.
 */
public final class GridGeometry {

    private final ViewTransform globalView;
    private final int height;
    private final int width;
    private final double cellWidth;
    private final double cellHeight;

    /**
     * @param globalView the global view the grid was computed on (usually
     *     {@link ViewTransform#letterbox})
     * @param height grid rows
     * @param width grid columns
     */
    public GridGeometry(ViewTransform globalView, int height, int width) {
        Grids.checkShape(height, width);
        if (globalView == null) {
            throw new IllegalArgumentException("global view is missing");
        }
        this.globalView = globalView;
        this.height = height;
        this.width = width;
        this.cellWidth = (double) globalView.targetSize() / width;
        this.cellHeight = (double) globalView.targetSize() / height;
    }

    public ViewTransform globalView() {
        return globalView;
    }

    /** The grid box in global-view pixels. */
    public Box toView(GridBox box) {
        checkBox(box);
        return new Box(box.col0() * cellWidth, box.row0() * cellHeight, box.col1() * cellWidth, box.row1() * cellHeight);
    }

    /**
     * The grid box in source-image pixels, clipped to the image. Empty (zero width or height) when
     * the box covers only the letterbox padding.
     */
    public Box toSource(GridBox box) {
        Box image = new Box(0, 0, globalView.sourceWidth(), globalView.sourceHeight());
        return globalView.toSource(toView(box)).intersect(image);
    }

    /**
     * The crop tokens to keep in mask mode: each token of the crop view's {@code tokenRows x
     * tokenCols} grid is mapped, at its centre, through the crop view to source pixels and through
     * the global view onto this grid, where the selected-cell mask (1 or 0 per cell) is sampled
     * bilinearly between cell centres (edges clamped, as {@code F.interpolate(bilinear,
     * align_corners=False)} in the reference); a token is kept where the sample is above
     * {@code keepThreshold}. When the crop view shows exactly a grid box this equals resizing the
     * box's mask to the token grid.
     *
     * @param selected row-major selected-cell mask of this grid
     * @return indices of the kept tokens, row-major over the token grid, ascending
     */
    public int[] keptTokens(boolean[] selected, ViewTransform cropView, int tokenRows, int tokenCols,
                            double keepThreshold) {
        int cells = Grids.checkShape(height, width);
        if (selected == null || selected.length != cells) {
            throw new IllegalArgumentException("a " + height + "x" + width + " grid needs " + cells + " mask values");
        }
        int tokens = Grids.checkShape(tokenRows, tokenCols);
        if (cropView.sourceWidth() != globalView.sourceWidth() || cropView.sourceHeight() != globalView.sourceHeight()) {
            throw new IllegalArgumentException("crop view " + cropView + " is not of the global view's image " + globalView);
        }
        int[] kept = new int[tokens];
        int n = 0;
        double tokenWidth = (double) cropView.targetSize() / tokenCols;
        double tokenHeight = (double) cropView.targetSize() / tokenRows;
        for (int r = 0; r < tokenRows; r++) {
            double gy = globalView.toViewY(cropView.toSourceY((r + 0.5) * tokenHeight)) / cellHeight - 0.5;
            for (int c = 0; c < tokenCols; c++) {
                double gx = globalView.toViewX(cropView.toSourceX((c + 0.5) * tokenWidth)) / cellWidth - 0.5;
                if (bilinear(selected, gx, gy) > keepThreshold) {
                    kept[n++] = r * tokenCols + c;
                }
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** The mask sampled at continuous cell-index coordinates (x = column, y = row), edges clamped. */
    private double bilinear(boolean[] mask, double x, double y) {
        x = Math.min(Math.max(x, 0), width - 1);
        y = Math.min(Math.max(y, 0), height - 1);
        int c0 = (int) Math.floor(x);
        int r0 = (int) Math.floor(y);
        int c1 = Math.min(c0 + 1, width - 1);
        int r1 = Math.min(r0 + 1, height - 1);
        double fx = x - c0;
        double fy = y - r0;
        double top = value(mask, r0, c0) * (1 - fx) + value(mask, r0, c1) * fx;
        double bottom = value(mask, r1, c0) * (1 - fx) + value(mask, r1, c1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private double value(boolean[] mask, int row, int col) {
        return mask[row * width + col] ? 1 : 0;
    }

    private void checkBox(GridBox box) {
        if (!box.fitsIn(height, width)) {
            throw new IllegalArgumentException("grid box " + box + " lies outside the " + height + "x" + width + " grid");
        }
    }
}
