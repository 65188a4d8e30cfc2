package io.roistream.model.roi;

/**
 * The reference's RoI thresholds by kind of question (METHOD.md section 3, step 2): the
 * probability a blurred cell needs to be selected.
 */
public enum RoiPreset {
    /** Text in natural images (TextVQA-like): 0.15. */
    TEXT(0.15),
    /** Documents (DocVQA-like): 0.10. */
    DOCUMENT(0.10),
    /** High-resolution visual search (V*-like): 0.10. */
    HIGH_RES(0.10),
    /** OCR questions: 0.05. */
    OCR(0.05);

    private final double threshold;

    RoiPreset(double threshold) {
        this.threshold = threshold;
    }

    /** The preset's threshold tau. */
    public double threshold() {
        return threshold;
    }

    /** The default configuration with this preset's threshold. */
    public RoiConfig config() {
        return RoiConfig.defaults().withThreshold(threshold);
    }
}
