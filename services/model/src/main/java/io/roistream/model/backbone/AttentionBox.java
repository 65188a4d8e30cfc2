package io.roistream.model.backbone;

import io.roistream.model.image.Box;

/**
 * The box an attention map points at, with SD-RPN's thresholds (METHOD.md, section 1): remove
 * attention sinks (cells where the sink map is at least a threshold), take the foreground cells
 * above a share of the maximum, and the tight box around them on the grid; with no foreground,
 * the whole grid. A box covering half the grid or more is "too big" (such samples are dropped).
 */
public final class AttentionBox {

  /** The reference foreground share: cells above 0.2 x max are foreground. */
  public static final double FOREGROUND_SHARE = 0.2;

  private AttentionBox() {}

  /** {@code map} with sink cells (where {@code sink[i] >= threshold}) set to 0; a copy. */
  public static float[] removeSinks(float[] map, float[] sink, double threshold) {
    float[] out = map.clone();
    if (sink == null) {
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      if (sink[i] >= threshold) {
        out[i] = 0f;
      }
    }
    return out;
  }

  /** Share of cells that are sinks. */
  public static double sinkShare(float[] sink, double threshold) {
    int n = 0;
    for (float v : sink) {
      n += v >= threshold ? 1 : 0;
    }
    return (double) n / sink.length;
  }

  /**
   * The tight box (grid-cell units: columns x0..x1, rows y0..y1, exclusive ends) around cells
   * above {@code share} x max of a row-major {@code grid x grid} map; the whole grid when the map
   * has no positive cell.
   */
  public static Box box(float[] map, int grid, double share) {
    float max = 0f;
    for (float v : map) {
      max = Math.max(max, v);
    }
    if (max <= 0f) {
      return new Box(0, 0, grid, grid);
    }
    int x0 = grid;
    int y0 = grid;
    int x1 = -1;
    int y1 = -1;
    for (int i = 0; i < map.length; i++) {
      if (map[i] > share * max) {
        int r = i / grid;
        int c = i % grid;
        x0 = Math.min(x0, c);
        y0 = Math.min(y0, r);
        x1 = Math.max(x1, c);
        y1 = Math.max(y1, r);
      }
    }
    return new Box(x0, y0, x1 + 1, y1 + 1);
  }

  /** Whether a grid box covers half the grid or more. */
  public static boolean tooBig(Box cells, int grid) {
    return cells.area() >= grid * grid / 2.0;
  }

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
}
