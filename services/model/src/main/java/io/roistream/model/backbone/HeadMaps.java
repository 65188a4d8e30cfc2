package io.roistream.model.backbone;

/**
 * Per-head attention maps over the image grid reduced to one map: the mean of chosen heads (the
 * grounding map, or the sink map over all heads), and how much of a sink map a threshold masks.
 * The label rules themselves (sink mask, foreground, box, drop) are
 * {@link io.roistream.model.labels.PseudoLabelRules}.
 */
public final class HeadMaps {

  private HeadMaps() {}

  /** Mean over the given heads of {@code maps[head]}. */
  public static float[] meanOfHeads(float[][] maps, int[] heads) {
    float[] out = new float[maps[0].length];
    for (int h : heads) {
      for (int i = 0; i < out.length; i++) {
        out[i] += maps[h][i] / heads.length;
      }
    }
    return out;
  }

  /** Share of cells of {@code sink} at or above {@code threshold}. */
  public static double sinkShare(float[] sink, double threshold) {
    int n = 0;
    for (float v : sink) {
      n += v >= threshold ? 1 : 0;
    }
    return (double) n / sink.length;
  }
}
