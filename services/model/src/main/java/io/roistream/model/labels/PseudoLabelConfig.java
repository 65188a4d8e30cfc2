package io.roistream.model.labels;

/**
 * Thresholds of the pseudo-label rules (METHOD.md section 1, steps 4-8). The defaults are the
 * reference's; since labels are derived from stored maps at training time, any of them can change
 * without relabelling.
 *
 * @param sinkThreshold a cell is an attention sink, and its grounding value is zeroed, where the
 *     sink map is at least this
 * @param foregroundRatio foreground cells have a (sink-masked) grounding value above this share of
 *     the map's maximum
 * @param backgroundRatio cells outside the foreground box are background below this share of the
 *     maximum
 * @param maxBoxShare a sample is dropped when its box covers at least this share of the grid
 */
public record PseudoLabelConfig(double sinkThreshold, double foregroundRatio, double backgroundRatio, double maxBoxShare) {

    /** Reference sink threshold: s >= 1e-3 marks a sink. */
    public static final double DEFAULT_SINK_THRESHOLD = 1e-3;
    /** Reference foreground share: g > 0.2 x max(g). */
    public static final double DEFAULT_FOREGROUND_RATIO = 0.2;
    /** Reference background share: g < 0.1 x max(g), outside the box. */
    public static final double DEFAULT_BACKGROUND_RATIO = 0.1;
    /** Reference drop rule: a box covering half the grid or more. */
    public static final double DEFAULT_MAX_BOX_SHARE = 0.5;

    /** Checks that every threshold is usable. */
    public PseudoLabelConfig {
        if (!(sinkThreshold > 0) || !Double.isFinite(sinkThreshold)) {
            throw new IllegalArgumentException("sink threshold must be finite and > 0, got " + sinkThreshold);
        }
        if (!(foregroundRatio > 0 && foregroundRatio < 1)) {
            throw new IllegalArgumentException("foreground ratio must be in (0, 1), got " + foregroundRatio);
        }
        if (!(backgroundRatio > 0 && backgroundRatio <= foregroundRatio)) {
            throw new IllegalArgumentException("background ratio must be in (0, foreground ratio], got " + backgroundRatio);
        }
        if (!(maxBoxShare > 0) || !Double.isFinite(maxBoxShare)) {
            throw new IllegalArgumentException("max box share must be finite and > 0 (above 1 never drops), got " + maxBoxShare);
        }
    }

    /** The reference thresholds. */
    public static PseudoLabelConfig defaults() {
        return new PseudoLabelConfig(DEFAULT_SINK_THRESHOLD, DEFAULT_FOREGROUND_RATIO, DEFAULT_BACKGROUND_RATIO,
            DEFAULT_MAX_BOX_SHARE);
    }
}
