package io.roistream.model.data;

import io.roistream.model.image.ViewTransform;
import java.util.Arrays;

/**
 * Dense targets for encoder pretraining: which object covers each cell of a view's grid, and which
 * object a crop view is centred on. Derived from the scene's pixel mask, so they cost nothing to
 * label.
 */
public final class CellTargets {

    /** Default least share of a cell an object must cover to label it: a quarter. */
    public static final double DEFAULT_MIN_COVERAGE = 0.25;
    /** Default farthest an object centre may be from a crop's centre, as a share of the crop side. */
    public static final double DEFAULT_CENTRE_TOLERANCE = 0.25;

    private CellTargets() {
    }

    /** {@link #objectPerCell(Scene, ViewTransform, int, double)} with {@link #DEFAULT_MIN_COVERAGE}. */
    public static int[] objectPerCell(Scene scene, ViewTransform view, int grid) {
        return objectPerCell(scene, view, grid, DEFAULT_MIN_COVERAGE);
    }

    /**
     * The object id (or -1) of each of the grid x grid cells of the view, row-major.
     *
     * <p>Each cell is sampled on a k x k lattice of points at the centres of its k x k sub-cells
     * (k = max(4, ceil(source pixels per cell side)), so every source pixel under a cell is seen),
     * each point is mapped to the source pixel under it, and padding counts as background. The
     * cell gets the object with the most samples when that object covers at least
     * {@code minCoverage} of them; otherwise -1. An object that labels no cell this way (a small
     * object split across cells) still gets the free cell it covers most, so every visible object
     * has at least one cell unless all its cells belong to others.
     */
    public static int[] objectPerCell(Scene scene, ViewTransform view, int grid, double minCoverage) {
        checkView(scene, view);
        if (grid < 1 || grid > view.targetSize()) {
            throw new IllegalArgumentException("grid must be 1.." + view.targetSize() + ", got " + grid);
        }
        if (!(minCoverage > 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("minCoverage must be in (0, 1], got " + minCoverage);
        }
        double cellView = (double) view.targetSize() / grid;
        double cellSource = view.side() / grid;
        int samples = Math.max(4, (int) Math.ceil(cellSource));
        int objects = scene.objects().size();
        int cells = grid * grid;
        int[] counts = new int[cells * objects];
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                int base = (row * grid + col) * objects;
                for (int sy = 0; sy < samples; sy++) {
                    int y = (int) Math.floor(view.toSourceY((row + (sy + 0.5) / samples) * cellView));
                    for (int sx = 0; sx < samples; sx++) {
                        int id = scene.objectAt((int) Math.floor(view.toSourceX((col + (sx + 0.5) / samples) * cellView)), y);
                        if (id >= 0) {
                            counts[base + id]++;
                        }
                    }
                }
            }
        }
        int[] out = new int[cells];
        Arrays.fill(out, -1);
        boolean[] labelled = new boolean[objects];
        for (int cell = 0; cell < cells; cell++) {
            int best = argmax(counts, cell * objects, objects);
            if (best >= 0 && counts[cell * objects + best] >= minCoverage * samples * samples) {
                out[cell] = best;
                labelled[best] = true;
            }
        }
        for (int id = 0; id < objects; id++) {
            int bestCell = -1;
            for (int cell = 0; cell < cells && !labelled[id]; cell++) {
                int count = counts[cell * objects + id];
                if (out[cell] < 0 && count > 0 && (bestCell < 0 || count > counts[bestCell * objects + id])) {
                    bestCell = cell;
                }
            }
            if (bestCell >= 0) {
                out[bestCell] = id;
            }
        }
        return out;
    }

    private static int argmax(int[] counts, int from, int length) {
        int best = -1;
        for (int i = 0; i < length; i++) {
            if (counts[from + i] > 0 && (best < 0 || counts[from + i] > counts[from + best])) {
                best = i;
            }
        }
        return best;
    }

    /** {@link #centredObject(Scene, ViewTransform, double)} with {@link #DEFAULT_CENTRE_TOLERANCE}. */
    public static int centredObject(Scene scene, ViewTransform view) {
        return centredObject(scene, view, DEFAULT_CENTRE_TOLERANCE);
    }

    /**
     * The object a (crop) view is centred on: the object whose box centre is nearest to the centre
     * of the view's source region, provided it is at most {@code tolerance} x the region's side
     * away (Euclidean, source pixels); -1 when no object is that close.
     */
    public static int centredObject(Scene scene, ViewTransform view, double tolerance) {
        checkView(scene, view);
        double cx = view.sourceRegion().centreX();
        double cy = view.sourceRegion().centreY();
        double limit = tolerance * view.side();
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (SceneObject object : scene.objects()) {
            double distance = Math.hypot(object.box().centreX() - cx, object.box().centreY() - cy);
            if (distance <= limit && distance < bestDistance) {
                best = object.id();
                bestDistance = distance;
            }
        }
        return best;
    }

    private static void checkView(Scene scene, ViewTransform view) {
        if (view.sourceWidth() != scene.width() || view.sourceHeight() != scene.height()) {
            throw new IllegalArgumentException("view was made for a " + view.sourceWidth() + "x" + view.sourceHeight()
                + " image, the scene is " + scene.width() + "x" + scene.height());
        }
    }
}
