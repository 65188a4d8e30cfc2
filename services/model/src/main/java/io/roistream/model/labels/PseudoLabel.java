package io.roistream.model.labels;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sample's pseudo-label: a target per grid cell ({@link #FOREGROUND}, {@link #BACKGROUND} or
 * {@link #IGNORE}, row-major over {@code height x width}), the foreground box on the grid, and
 * whether the sample is kept. A dropped sample still carries the labels and box the rules made, for
 * inspection; training skips it.
 */
public record PseudoLabel(int height, int width, int[] labels, GridBox box, LabelOutcome outcome) {

    /** Target of a foreground cell. */
    public static final int FOREGROUND = 1;
    /** Target of a background cell. */
    public static final int BACKGROUND = 0;
    /** A cell left out of the loss (the usual ignore index). */
    public static final int IGNORE = -100;

    /** Checks the sizes and values and copies the labels. */
    public PseudoLabel {
        int cells = Grids.checkShape(height, width);
        if (labels == null || labels.length != cells) {
            throw new IllegalArgumentException("a " + height + "x" + width + " grid needs " + cells + " labels");
        }
        for (int label : labels) {
            if (label != FOREGROUND && label != BACKGROUND && label != IGNORE) {
                throw new IllegalArgumentException("labels must be 1, 0 or -100, got " + label);
            }
        }
        if (!box.fitsIn(height, width)) {
            throw new IllegalArgumentException("box " + box + " lies outside the " + height + "x" + width + " grid");
        }
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is missing");
        }
        labels = labels.clone();
    }

    /** A copy of the per-cell labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The label of cell (row, col). */
    public int label(int row, int col) {
        return labels[row * width + col];
    }

    /** Whether training uses this sample. */
    public boolean kept() {
        return outcome.kept();
    }

    /** Number of cells with the given label. */
    public int count(int label) {
        int n = 0;
        for (int l : labels) {
            n += l == label ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudoLabel other && height == other.height && width == other.width
            && Arrays.equals(labels, other.labels) && box.equals(other.box) && outcome == other.outcome;
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, width, Arrays.hashCode(labels), box, outcome);
    }

    @Override
    public String toString() {
        return "PseudoLabel[" + height + "x" + width + ", box " + box + ", " + outcome + ", fg " + count(FOREGROUND)
            + ", bg " + count(BACKGROUND) + "]";
    }
}
