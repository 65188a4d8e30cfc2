package io.roistream.model.roi;

import io.roistream.model.image.Box;
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
 */
public final class CropPlanner {

    private final CropSpec spec;

    public CropPlanner(CropSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("crop spec is missing");
        }
        this.spec = spec;
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
