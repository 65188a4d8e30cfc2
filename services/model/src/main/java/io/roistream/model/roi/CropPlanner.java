package io.roistream.model.roi;

import io.roistream.model.image.Box;
import io.roistream.model.labels.GridBox;
import io.roistream.model.image.ViewTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns RoI decisions into crops (METHOD.md section 3, step 4): the decision's grid box is mapped
 * to global-view pixels, then through the global view to source pixels and clipped to the image;
 * the crop view is the square {@link ViewTransform#around} that box. In BBOX mode every crop token
 * is kept; in MASK mode only those under the selected-cell mask ({@link GridGeometry#keptTokens}).
 * There is no plan (the plain-prompt fallback) when the decision is NONE, when the box covers only
 * letterbox padding, or when no crop token lies under the mask. Thread-safe.
 *
 * <p>Two additions to the reference, for BBOX mode only (MASK mode always crops the box):
 * {@link Centring#PROBABILITY_CENTROID} keeps the box's size but centres it on the
 * probability-weighted centroid of the selected cells, so that a box quantised to whole cells does
 * not cut the object off-centre; a side cap cuts a box larger than that many cells down around its
 * centre, so that a small object is not read from a crop several times its size.
 */
public final class CropPlanner {

    /** Where a BBOX-mode crop is centred. */
    public enum Centring {
        /** On the RoI box, as the reference. */
        BOX,
        /** On the probability-weighted centroid of the selected cells, with the box's size. */
        PROBABILITY_CENTROID
    }

    /** No cap on a BBOX-mode crop's side beyond the RoI box (the reference). */
    public static final double NO_SIDE_CAP = 0;
    /**
     * Default centring of the workers and {@code evaluate}: on the probability mass, chosen with
     * {@link #DEFAULT_MAX_SIDE_CELLS} for the shipped backbone on a validation folder
     * ({@code docs/results/sd-rpn.md}); the reference's is {@link Centring#BOX}.
     */
    public static final Centring DEFAULT_CENTRING = Centring.PROBABILITY_CENTROID;
    /**
     * Default cap on a BBOX-mode crop's side, in grid cells: 2.5 cells is 80 px of the shipped
     * backbone's 384 px view, around objects of 40-72 px (see {@link #DEFAULT_CENTRING}); the
     * reference's is {@link #NO_SIDE_CAP}.
     */
    public static final double DEFAULT_MAX_SIDE_CELLS = 2.5;

    private final CropSpec spec;
    private final Centring centring;
    private final double maxSideCells;

    /** A planner cropping the RoI box itself. */
    public CropPlanner(CropSpec spec) {
        this(spec, Centring.BOX);
    }

    /** A planner with the given centring of BBOX-mode crops. */
    public CropPlanner(CropSpec spec, Centring centring) {
        this(spec, centring, NO_SIDE_CAP);
    }

    /**
     * A planner with the given centring of BBOX-mode crops, whose boxes are cut down to at most
     * {@code maxSideCells} grid cells a side around their centre ({@link #NO_SIDE_CAP}: none).
     */
    public CropPlanner(CropSpec spec, Centring centring, double maxSideCells) {
        if (spec == null || centring == null) {
            throw new IllegalArgumentException("crop spec or centring is missing");
        }
        if (!(maxSideCells >= 0) || !Double.isFinite(maxSideCells)) {
            throw new IllegalArgumentException("the crop side cap must be finite and >= 0 cells, got " + maxSideCells);
        }
        this.spec = spec;
        this.centring = centring;
        this.maxSideCells = maxSideCells;
    }

    /** How BBOX-mode crops are centred. */
    public Centring centring() {
        return centring;
    }

    public CropSpec spec() {
        return spec;
    }

    /**
     * The crop for one decision.
     *
     * @param globalView the view the decision's grid was computed on
     */
    public Optional<CropPlan> plan(RoiDecision decision, ViewTransform globalView) {
        if (!decision.hasRoi()) {
            return Optional.empty();
        }
        GridGeometry grid = new GridGeometry(globalView, decision.height(), decision.width());
        Box source = grid.toSource(decision.box());
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (decision.mode() == RoiMode.BBOX && centring == Centring.PROBABILITY_CENTROID) {
            source = centredOnMass(source, decision, grid);
        }
        if (decision.mode() == RoiMode.BBOX && maxSideCells > 0) {
            double cellSide = grid.globalView().toSource(grid.toView(GridBox.cell(0, 0))).width();
            source = capped(source, maxSideCells * cellSide);
        }
        ViewTransform crop = ViewTransform.around(source, globalView.sourceWidth(), globalView.sourceHeight(),
            spec.viewSize(), spec.minSidePx());
        int[] kept = decision.mode() == RoiMode.BBOX
            ? allTokens()
            : grid.keptTokens(decision.selected(), crop, spec.tokenRows(), spec.tokenCols(), spec.maskKeepThreshold());
        if (kept.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new CropPlan(decision.mode(), decision.box(), source, crop, kept));
    }

    private static Box centredOnMass(Box source, RoiDecision decision, GridGeometry grid) {
        float[] p = decision.probabilities();
        boolean[] selected = decision.selected();
        double x = 0;
        double y = 0;
        double mass = 0;
        for (int i = 0; i < selected.length; i++) {
            if (selected[i] && p[i] > 0) {
                Box cell = grid.toSource(GridBox.cell(i / decision.width(), i % decision.width()));
                if (!cell.isEmpty()) {
                    x += p[i] * cell.centreX();
                    y += p[i] * cell.centreY();
                    mass += p[i];
                }
            }
        }
        if (mass == 0) {
            return source;
        }
        double cx = x / mass;
        double cy = y / mass;
        return new Box(cx - source.width() / 2, cy - source.height() / 2, cx + source.width() / 2,
            cy + source.height() / 2);
    }

    private static Box capped(Box box, double maxSide) {
        double halfWidth = Math.min(box.width(), maxSide) / 2;
        double halfHeight = Math.min(box.height(), maxSide) / 2;
        return new Box(box.centreX() - halfWidth, box.centreY() - halfHeight, box.centreX() + halfWidth,
            box.centreY() + halfHeight);
    }

    /** The crops for a batch: decision i with global view i, in order. */
    public List<Optional<CropPlan>> planAll(List<RoiDecision> decisions, List<ViewTransform> globalViews) {
        if (decisions.size() != globalViews.size()) {
            throw new IllegalArgumentException(decisions.size() + " decisions but " + globalViews.size() + " global views");
        }
        List<Optional<CropPlan>> out = new ArrayList<>(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            out.add(plan(decisions.get(i), globalViews.get(i)));
        }
        return out;
    }

    private int[] allTokens() {
        int[] all = new int[spec.tokenCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
