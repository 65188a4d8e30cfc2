package io.roistream.model.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns stored maps into a pseudo-label (METHOD.md section 1, steps 4-8):
 * <ol>
 *   <li>sink masking: {@code g' = g} where {@code s < sinkThreshold}, else 0;</li>
 *   <li>foreground: cells with {@code g' > foregroundRatio * max(g')}, labelled 1;</li>
 *   <li>box: the tight grid box around the foreground; the whole grid when there is none;</li>
 *   <li>background: cells outside the box with {@code g' < backgroundRatio * max(g')}, labelled 0;</li>
 *   <li>every other cell (inside the box but not foreground, or outside it but not low enough) is
 *       ignored, -100;</li>
 *   <li>drop: when the box covers at least {@code maxBoxShare} of the grid
 *       ({@link LabelOutcome#DROPPED_BOX_TOO_LARGE}).</li>
 * </ol>
 * A map with no positive value after masking has no foreground: its box is the whole grid, every
 * cell is ignored and it is dropped as {@link LabelOutcome#DROPPED_EMPTY_MAP} (the reference drops it
 * too, as too large). A map holding NaN or infinity is dropped as
 * {@link LabelOutcome#DROPPED_NON_FINITE_MAP} with every cell ignored. Pure and thread-safe.
 */
public final class PseudoLabelRules {

    private final PseudoLabelConfig config;

    public PseudoLabelRules(PseudoLabelConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is missing");
        }
        this.config = config;
    }

    /** Rules with the reference thresholds. */
    public static PseudoLabelRules defaults() {
        return new PseudoLabelRules(PseudoLabelConfig.defaults());
    }

    public PseudoLabelConfig config() {
        return config;
    }

    /** The grounding map with sink cells ({@code s >= sinkThreshold}) set to 0; a new array. */
    public float[] maskSinks(AttentionMaps maps) {
        float[] g = maps.grounding();
        float[] s = maps.sink();
        for (int i = 0; i < g.length; i++) {
            if (s[i] >= config.sinkThreshold()) {
                g[i] = 0f;
            }
        }
        return g;
    }

    /** The pseudo-label of one sample. */
    public PseudoLabel label(AttentionMaps maps) {
        int h = maps.height();
        int w = maps.width();
        int[] labels = new int[maps.cells()];
        Arrays.fill(labels, PseudoLabel.IGNORE);
        GridBox whole = GridBox.whole(h, w);
        if (!allFinite(maps.grounding()) || !allFinite(maps.sink())) {
            return new PseudoLabel(h, w, labels, whole, LabelOutcome.DROPPED_NON_FINITE_MAP);
        }
        float[] g = maskSinks(maps);
        float max = 0f;
        for (float v : g) {
            max = Math.max(max, v);
        }
        if (max <= 0f) {
            return new PseudoLabel(h, w, labels, whole, LabelOutcome.DROPPED_EMPTY_MAP);
        }
        double foreground = config.foregroundRatio() * max;
        int col0 = w;
        int row0 = h;
        int col1 = 0;
        int row1 = 0;
        for (int i = 0; i < g.length; i++) {
            if (g[i] > foreground) {
                labels[i] = PseudoLabel.FOREGROUND;
                int row = i / w;
                int col = i % w;
                col0 = Math.min(col0, col);
                row0 = Math.min(row0, row);
                col1 = Math.max(col1, col + 1);
                row1 = Math.max(row1, row + 1);
            }
        }
        GridBox box = new GridBox(col0, row0, col1, row1);
        double background = config.backgroundRatio() * max;
        for (int i = 0; i < g.length; i++) {
            if (!box.contains(i / w, i % w) && g[i] < background) {
                labels[i] = PseudoLabel.BACKGROUND;
            }
        }
        LabelOutcome outcome = box.area() >= config.maxBoxShare() * maps.cells()
            ? LabelOutcome.DROPPED_BOX_TOO_LARGE : LabelOutcome.KEPT;
        return new PseudoLabel(h, w, labels, box, outcome);
    }

    /** The pseudo-labels of a batch, in order. */
    public List<PseudoLabel> labelAll(List<AttentionMaps> batch) {
        List<PseudoLabel> out = new ArrayList<>(batch.size());
        for (AttentionMaps maps : batch) {
            out.add(label(maps));
        }
        return out;
    }

    private static boolean allFinite(float[] map) {
        for (float v : map) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
