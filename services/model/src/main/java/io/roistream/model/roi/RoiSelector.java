package io.roistream.model.roi;

import io.roistream.model.labels.GridBox;
import io.roistream.model.labels.Grids;
import java.util.ArrayList;
import java.util.List;

/**
 * From the RPN's logit map to a RoI decision (METHOD.md section 3, steps 2-4): sigmoid, Gaussian
 * blur ({@link GaussianBlur}), threshold (a cell is selected where its probability is above tau),
 * 8-connected regions ({@link ConnectedRegions}), then per region: fewer than
 * {@code minRegionCells} cells, dropped; more than {@link RoiConfig#maxRegionCells}, dropped; fewer
 * than {@code growBelowCells}, its box grows to {@code grownSide} a side, centred on the region's
 * box (the odd extra cell going right/down) and clipped to the grid. The size filters use the
 * region's selected-cell count before growing. Pure and thread-safe.
 */
public final class RoiSelector {

    private final RoiConfig config;
    private final GaussianBlur blur;

    public RoiSelector(RoiConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is missing");
        }
        this.config = config;
        this.blur = new GaussianBlur(config.blurKernelSize(), config.blurSigma());
    }

    public RoiConfig config() {
        return config;
    }

    /**
     * The decision for one logit map (row-major, {@code height x width}).
     *
     * @throws IllegalArgumentException when the map has the wrong size or holds NaN
     */
    public RoiDecision select(float[] logits, int height, int width) {
        return decide(probabilities(logits, height, width), height, width);
    }

    /** The decisions for a batch of logit maps on one grid, in order. */
    public List<RoiDecision> selectAll(float[][] logits, int height, int width) {
        List<RoiDecision> out = new ArrayList<>(logits.length);
        for (float[] map : logits) {
            out.add(select(map, height, width));
        }
        return out;
    }

    /** sigmoid then blur: the probability map the threshold applies to. */
    public float[] probabilities(float[] logits, int height, int width) {
        Grids.checkMap("logit", logits, height, width);
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("logit map holds NaN at cell " + i);
            }
            p[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
        }
        return blur.apply(p, height, width);
    }

    /** The decision for an already blurred probability map: threshold, regions, filters. */
    public RoiDecision decide(float[] probabilities, int height, int width) {
        Grids.checkMap("probability", probabilities, height, width);
        boolean[] above = new boolean[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            above[i] = probabilities[i] > config.threshold();
        }
        int maxCells = config.maxRegionCells(height, width);
        List<Region> regions = new ArrayList<>();
        boolean[] selected = new boolean[probabilities.length];
        int droppedSmall = 0;
        int droppedLarge = 0;
        for (int[] cells : ConnectedRegions.find(above, height, width)) {
            if (cells.length < config.minRegionCells()) {
                droppedSmall++;
                continue;
            }
            if (cells.length > maxCells) {
                droppedLarge++;
                continue;
            }
            Region region = toRegion(cells, height, width);
            regions.add(region);
            if (region.grown()) {
                mark(selected, region.box(), width);
            } else {
                for (int cell : cells) {
                    selected[cell] = true;
                }
            }
        }
        GridBox box = null;
        for (Region region : regions) {
            box = box == null ? region.box() : box.enclosing(region.box());
        }
        RoiMode mode = regions.isEmpty() ? RoiMode.NONE : regions.size() == 1 ? RoiMode.BBOX : RoiMode.MASK;
        return new RoiDecision(mode, height, width, regions, box, selected, probabilities, droppedSmall, droppedLarge);
    }

    private Region toRegion(int[] cells, int height, int width) {
        int col0 = width;
        int row0 = height;
        int col1 = 0;
        int row1 = 0;
        for (int cell : cells) {
            int row = cell / width;
            int col = cell % width;
            col0 = Math.min(col0, col);
            row0 = Math.min(row0, row);
            col1 = Math.max(col1, col + 1);
            row1 = Math.max(row1, row + 1);
        }
        if (cells.length >= config.growBelowCells()) {
            return new Region(new GridBox(col0, row0, col1, row1), cells.length, false);
        }
        int[] cols = grow(col0, col1, width);
        int[] rows = grow(row0, row1, height);
        return new Region(new GridBox(cols[0], rows[0], cols[1], rows[1]), cells.length, true);
    }

    /** [start, end) grown to at least grownSide, centred (odd extra cell to the far side), clipped to 0..limit. */
    private int[] grow(int start, int end, int limit) {
        int extra = Math.max(0, config.grownSide() - (end - start));
        int before = extra / 2;
        return new int[] {Math.max(0, start - before), Math.min(limit, end + extra - before)};
    }

    private static void mark(boolean[] selected, GridBox box, int width) {
        for (int r = box.row0(); r < box.row1(); r++) {
            for (int c = box.col0(); c < box.col1(); c++) {
                selected[r * width + c] = true;
            }
        }
    }
}
