package io.roistream.model.roi;

/**
 * Where a crop is cut around a RoI decision: the three choices the reference leaves fixed. The
 * reference ({@link #REFERENCE}) crops a one-region decision's box as it is and a decision of
 * several regions as the box around all of them, keeping only the crop tokens under its cells
 * (METHOD.md section 3, step 4). {@link #DEFAULT}, chosen for the shipped backbone on a validation
 * folder ({@code docs/results/sd-rpn.md}), centres the crop on the RPN's probability mass, cuts it
 * down to 2.5 grid cells a side and crops only the region of several that the frozen backbone
 * attends to most.
 *
 * @param centring where a one-region crop is centred
 * @param maxSideCells largest side of a one-region crop in grid cells, cut down around its centre
 *     ({@link #NO_SIDE_CAP}: the whole box)
 * @param multiRegion what a decision of several regions crops
 */
public record CropGeometry(Centring centring, double maxSideCells, MultiRegion multiRegion) {

    /** Where a one-region crop is centred. */
    public enum Centring {
        /** On the RoI box, as the reference. */
        BOX,
        /** On the probability-weighted centroid of the selected cells, with the box's size. */
        PROBABILITY_CENTROID
    }

    /** What a decision of several regions (the reference's mask mode) crops. */
    public enum MultiRegion {
        /** The reference: the box around every selected cell, with the crop tokens under them. */
        MASK,
        /**
         * The region holding the most of the RoI map's probability over its selected cells, cropped as
         * a one-region decision is (with every token, {@link #centring} and {@link #maxSideCells}).
         */
        STRONGEST_REGION,
        /**
         * The region the frozen backbone attends to most from the prompt's last token, by the score an
         * RPN has before training (its twig being the backbone's own layers: the mean over the last
         * twig layer's heads of query . key, softmax over the cells), cropped as a one-region decision
         * is. An RPN learns every region its pseudo-labels marked with the same target and cannot rank
         * them; the frozen attention can. It costs the twig's pass again, for RoIs of several regions
         * only. Where the RoI map is attention itself (the attention crop), the same as
         * {@link #STRONGEST_REGION}.
         */
        ATTENDED_REGION
    }

    /** No cap on a one-region crop's side beyond the RoI box (the reference). */
    public static final double NO_SIDE_CAP = 0;

    /** {@link #DEFAULT}'s cap: 2.5 cells is 80 px of the shipped backbone's 384 px view. */
    public static final double DEFAULT_MAX_SIDE_CELLS = 2.5;

    /** The reference's crops: the box, uncut; several regions in mask mode. */
    public static final CropGeometry REFERENCE = new CropGeometry(Centring.BOX, NO_SIDE_CAP, MultiRegion.MASK);

    /**
     * The default of the inference worker and {@code evaluate}: on the shipped backbone's 12x12 grid of
     * 32 px cells around 40-72 px objects, an RPN box is mostly 3-4 cells and a crop of all regions
     * several times the object, which the backbone reads far worse than a crop cut to the object.
     */
    public static final CropGeometry DEFAULT =
        new CropGeometry(Centring.PROBABILITY_CENTROID, DEFAULT_MAX_SIDE_CELLS, MultiRegion.ATTENDED_REGION);

    /** Checks every value. */
    public CropGeometry {
        if (centring == null || multiRegion == null) {
            throw new IllegalArgumentException("crop centring or multi-region rule is missing");
        }
        if (!(maxSideCells >= 0) || !Double.isFinite(maxSideCells)) {
            throw new IllegalArgumentException("the crop side cap must be finite and >= 0 cells, got " + maxSideCells);
        }
    }
}
