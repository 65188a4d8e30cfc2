package io.roistream.model.rpn;

import ai.djl.ndarray.NDManager;
import io.roistream.model.labels.GridBox;
import io.roistream.model.labels.PseudoLabel;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiDecision;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.stats.MeanWithError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the RoI threshold for a trained RPN without ground truth: on held-back pseudo-labels, the
 * candidates' RoI boxes are scored by their grid IoU with the labels' foreground boxes (no RoI
 * counting 0), and the lowest candidate within one standard error of the best mean is chosen
 * ({@link #pick}). The reference fixes tau per kind of data; a backbone of another scale has its own
 * calibration, and this picks it from the data the RPN learnt from.
 */
public final class ThresholdSelection {

  /** The thresholds tried by default. */
  public static final double[] CANDIDATES = {0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};

  /**
   * The choice and what every candidate scored.
   *
   * @param threshold the chosen tau
   * @param meanIouByThreshold mean IoU with the pseudo-label boxes per candidate
   */
  public record Choice(double threshold, Map<Double, Double> meanIouByThreshold) {}

  private ThresholdSelection() {}

  /**
   * Scores {@code candidates} (ascending) with {@code base}'s other RoI rules on {@code heldBack}
   * and picks one.
   */
  public static Choice choose(Rpn rpn, List<RpnExample> heldBack, int grid, RoiConfig base,
      double[] candidates) {
    for (int c = 1; c < candidates.length; c++) {
      if (!(candidates[c] > candidates[c - 1])) {
        throw new IllegalArgumentException("candidate thresholds must ascend: "
            + Arrays.toString(candidates));
      }
    }
    int cells = grid * grid;
    double[][] ious = new double[candidates.length][heldBack.size()];
    int counted = 0;
    try (NDManager m = NDManager.newBaseManager(rpn.device())) {
      for (int from = 0; from < heldBack.size(); from += 32) {
        List<RpnExample> batch = heldBack.subList(from, Math.min(heldBack.size(), from + 32));
        float[] flat;
        try (NDManager step = m.newSubManager()) {
          RpnFeatures.Batch input = RpnFeatures.batch(step, batch, cells);
          flat = rpn.logits(step, input.hidden(), input.layout()).toFloatArray();
        }
        for (int i = 0; i < batch.size(); i++) {
          GridBox label = foregroundBox(batch.get(i).labels(), grid);
          if (label == null) {
            continue;
          }
          float[] logits = new float[cells];
          System.arraycopy(flat, i * cells, logits, 0, cells);
          for (int c = 0; c < candidates.length; c++) {
            RoiDecision d = new RoiSelector(base.withThreshold(candidates[c]))
                .select(logits, grid, grid);
            ious[c][counted] = d.hasRoi() ? iou(d.box(), label) : 0;
          }
          counted++;
        }
      }
    }
    Map<Double, Double> scores = new LinkedHashMap<>();
    for (int c = 0; c < candidates.length; c++) {
      ious[c] = Arrays.copyOf(ious[c], counted);
      scores.put(candidates[c], Math.round(mean(ious[c]) * 1000) / 1000.0);
    }
    return new Choice(candidates[pick(ious)], scores);
  }

  /**
   * The lowest candidate whose mean IoU is within one standard error of the best mean, the error of
   * their paired differences over the held-back labels ({@code ious[c][i]}: candidate c, label i;
   * candidates ascending; the first candidate when there are no labels). A threshold higher than
   * needed leaves prompts without a RoI, that is without any closer look, while on a few dozen labels
   * the best mean alone moves between neighbouring thresholds from one training to the next.
   */
  static int pick(double[][] ious) {
    int best = 0;
    for (int c = 1; c < ious.length; c++) {
      if (mean(ious[c]) > mean(ious[best])) {
        best = c;
      }
    }
    for (int c = 0; c < best; c++) {
      double[] shortfall = new double[ious[c].length];
      for (int i = 0; i < shortfall.length; i++) {
        shortfall[i] = ious[best][i] - ious[c][i];
      }
      MeanWithError gap = MeanWithError.of(shortfall);
      if (gap.mean() <= gap.standardError()) {
        return c;
      }
    }
    return best;
  }

  private static double mean(double[] values) {
    return MeanWithError.of(values).mean();
  }

  /** Tight box of the foreground cells, or null when there are none. */
  static GridBox foregroundBox(int[] labels, int grid) {
    int r0 = grid;
    int c0 = grid;
    int r1 = -1;
    int c1 = -1;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == PseudoLabel.FOREGROUND) {
        int r = i / grid;
        int c = i % grid;
        r0 = Math.min(r0, r);
        c0 = Math.min(c0, c);
        r1 = Math.max(r1, r);
        c1 = Math.max(c1, c);
      }
    }
    return r1 < 0 ? null : new GridBox(c0, r0, c1 + 1, r1 + 1);
  }

  static double iou(GridBox a, GridBox b) {
    int w = Math.min(a.col1(), b.col1()) - Math.max(a.col0(), b.col0());
    int h = Math.min(a.row1(), b.row1()) - Math.max(a.row0(), b.row0());
    double inter = w > 0 && h > 0 ? (double) w * h : 0;
    return inter / (a.area() + b.area() - inter);
  }
}
