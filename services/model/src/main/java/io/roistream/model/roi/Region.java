package io.roistream.model.roi;

import io.roistream.model.labels.GridBox;

/**
 * One RoI region that survived the filters.
 *
 * @param box the region's grid box: its tight box, or for a grown region the grown square clipped
 *     to the grid
 * @param cellCount number of selected cells the region had before growing
 * @param grown whether the region was small and its box was grown
 */
public record Region(GridBox box, int cellCount, boolean grown) {

    /** Checks the fields. */
    public Region {
        if (box == null) {
            throw new IllegalArgumentException("box is missing");
        }
        if (cellCount < 1) {
            throw new IllegalArgumentException("a region has at least one cell, got " + cellCount);
        }
    }
}
