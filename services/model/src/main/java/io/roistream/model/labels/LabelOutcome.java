package io.roistream.model.labels;

/** Whether a sample's pseudo-label is used for training, and if not, why. */
public enum LabelOutcome {
    /** The label is used. */
    KEPT,
    /** The foreground box covers too much of the grid (METHOD.md section 1, step 8). */
    DROPPED_BOX_TOO_LARGE,
    /** No cell has a positive grounding value after sink masking: there is no foreground at all. */
    DROPPED_EMPTY_MAP,
    /** The grounding or sink map holds NaN or infinite values (a corrupt sample). */
    DROPPED_NON_FINITE_MAP;

    /** Whether the sample is used. */
    public boolean kept() {
        return this == KEPT;
    }
}
