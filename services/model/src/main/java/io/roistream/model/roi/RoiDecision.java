package io.roistream.model.roi;

import io.roistream.model.labels.GridBox;
import io.roistream.model.labels.Grids;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The RoI decision for one sample, on the global view's {@code height x width} token grid.
 *
 * @param mode {@link RoiMode#NONE} when no region is left, {@link RoiMode#BBOX} for one,
 *     {@link RoiMode#MASK} for two or more
 * @param height grid rows
 * @param width grid columns
 * @param regions the regions left, ordered by their first cell in row-major order
 * @param box the region's box (BBOX) or the box around every selected cell (MASK); null for NONE
 * @param selected row-major selected-cell mask: the cells of the regions left, a grown region
 *     contributing its whole grown box; all false for NONE
 * @param probabilities the blurred probability map the threshold was applied to (for overlays)
 * @param droppedSmall regions dropped for having too few cells (none by default; single cells under the
 *     reference's rule)
 * @param droppedLarge regions dropped for having too many cells
 */
public record RoiDecision(RoiMode mode, int height, int width, List<Region> regions, GridBox box, boolean[] selected,
                          float[] probabilities, int droppedSmall, int droppedLarge) {

    /** Checks consistency and copies the arrays. */
    public RoiDecision {
        Objects.requireNonNull(regions, "regions");
        Objects.requireNonNull(selected, "selected");
        Objects.requireNonNull(probabilities, "probabilities");
        int cells = Grids.checkShape(height, width);
        if (selected.length != cells || probabilities.length != cells) {
            throw new IllegalArgumentException("mask and probabilities need " + cells + " values");
        }
        regions = List.copyOf(regions);
        RoiMode expected = regions.isEmpty() ? RoiMode.NONE : regions.size() == 1 ? RoiMode.BBOX : RoiMode.MASK;
        if (mode != expected) {
            throw new IllegalArgumentException(regions.size() + " region(s) mean mode " + expected + ", got " + mode);
        }
        if ((box == null) != (mode == RoiMode.NONE)) {
            throw new IllegalArgumentException("a box is required exactly when there is a region");
        }
        selected = selected.clone();
        probabilities = probabilities.clone();
    }

    /** Number of regions left, n. */
    public int regionCount() {
        return regions.size();
    }

    /** Whether there is a RoI to look at. */
    public boolean hasRoi() {
        return mode != RoiMode.NONE;
    }

    /** A copy of the selected-cell mask. */
    @Override
    public boolean[] selected() {
        return selected.clone();
    }

    /** A copy of the blurred probability map. */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /**
     * This decision cut to its one region whose selected cells (those inside its box) hold the most of
     * {@code weights} (row-major over the grid), the first of equals: a BBOX decision of that region.
     * This decision itself when it has fewer than two regions.
     */
    public RoiDecision strongestRegion(float[] weights) {
        if (weights == null || weights.length != selected.length) {
            throw new IllegalArgumentException("region weights need " + selected.length + " values");
        }
        if (regions.size() < 2) {
            return this;
        }
        Region strongest = null;
        boolean[] strongestCells = null;
        double strongestMass = Double.NEGATIVE_INFINITY;
        for (Region region : regions) {
            GridBox b = region.box();
            boolean[] cells = new boolean[selected.length];
            double mass = 0;
            for (int r = b.row0(); r < b.row1(); r++) {
                for (int c = b.col0(); c < b.col1(); c++) {
                    int i = r * width + c;
                    if (selected[i]) {
                        cells[i] = true;
                        mass += weights[i];
                    }
                }
            }
            if (mass > strongestMass) {
                strongest = region;
                strongestCells = cells;
                strongestMass = mass;
            }
        }
        return new RoiDecision(RoiMode.BBOX, height, width, List.of(strongest), strongest.box(), strongestCells,
            probabilities, droppedSmall, droppedLarge);
    }

    /** Whether cell (row, col) is selected. */
    public boolean isSelected(int row, int col) {
        return selected[row * width + col];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoiDecision other && mode == other.mode && height == other.height && width == other.width
            && regions.equals(other.regions) && Objects.equals(box, other.box) && Arrays.equals(selected, other.selected)
            && Arrays.equals(probabilities, other.probabilities) && droppedSmall == other.droppedSmall
            && droppedLarge == other.droppedLarge;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, height, width, regions, box, Arrays.hashCode(selected), Arrays.hashCode(probabilities),
            droppedSmall, droppedLarge);
    }

    @Override
    public String toString() {
        return "RoiDecision[" + mode + ", " + regions.size() + " region(s), box " + box + ", dropped small " + droppedSmall
            + ", large " + droppedLarge + "]";
    }
}
