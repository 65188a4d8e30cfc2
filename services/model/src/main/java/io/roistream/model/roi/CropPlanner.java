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
 * <p>Three additions to the reference ({@link CropGeometry}): a one-region crop may be centred on
 * the probability-weighted centroid of its selected cells (keeping the box's size), so that a box
 * quantised to whole cells does not cut the object off-centre; it may be cut down to a largest side
 * around its centre, so that a small object is not read from a crop several times its size; and a
 * decision of several regions may crop only its strongest region, as a one-region decision (BBOX
 * mode), instead of the box around all of them.
 */
public final class CropPlanner {

    private final CropSpec spec;
    private final CropGeometry geometry;

    /** A planner with the reference's geometry ({@link CropGeometry#REFERENCE}). */
    public CropPlanner(CropSpec spec) {
        this(spec, CropGeometry.REFERENCE);
    }

    /** A planner with the given crop geometry. */
    public CropPlanner(CropSpec spec, CropGeometry geometry) {
        if (spec == null || geometry == null) {
            throw new IllegalArgumentException("crop spec or geometry is missing");
        }
        this.spec = spec;
        this.geometry = geometry;
    }

    /** Where crops are cut. */
    public CropGeometry geometry() {
        return geometry;
    }

    public CropSpec spec() {
        return spec;
    }

    /**
     * The crop for one decision, ranking several regions by the decision's own probability map.
     *
     * @param globalView the view the decision's grid was computed on
     */
    public Optional<CropPlan> plan(RoiDecision decision, ViewTransform globalView) {
        return plan(decision, globalView, decision.probabilities());
    }

    /**
     * The crop for one decision, ranking several regions by {@code regionWeights} (row-major over the
     * decision's grid) unless they are cropped in mask mode.
     *
     * @param globalView the view the decision's grid was computed on
     */
    public Optional<CropPlan> plan(RoiDecision decision, ViewTransform globalView, float[] regionWeights) {
        if (!decision.hasRoi()) {
            return Optional.empty();
        }
        RoiDecision cut = geometry.multiRegion() == CropGeometry.MultiRegion.MASK
            ? decision : decision.strongestRegion(regionWeights);
        GridGeometry grid = new GridGeometry(globalView, cut.height(), cut.width());
        Box source = grid.toSource(cut.box());
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (cut.mode() == RoiMode.BBOX && geometry.centring() == CropGeometry.Centring.PROBABILITY_CENTROID) {
            source = centredOnMass(source, cut, grid);
        }
        if (cut.mode() == RoiMode.BBOX && geometry.maxSideCells() > 0) {
            double cellSide = grid.globalView().toSource(grid.toView(GridBox.cell(0, 0))).width();
            source = capped(source, geometry.maxSideCells() * cellSide);
        }
        // centring can move the box past the image's edge; the crop view is placed inside the image
        // anyway (ViewTransform.around), and the box reported with the answer stays on the image too
        source = source.intersect(new Box(0, 0, globalView.sourceWidth(), globalView.sourceHeight()));
        ViewTransform crop = ViewTransform.around(source, globalView.sourceWidth(), globalView.sourceHeight(),
            spec.viewSize(), spec.minSidePx());
        int[] kept = cut.mode() == RoiMode.BBOX
            ? allTokens()
            : grid.keptTokens(cut.selected(), crop, spec.tokenRows(), spec.tokenCols(), spec.maskKeepThreshold());
        if (kept.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new CropPlan(cut.mode(), cut.box(), source, crop, kept));
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
