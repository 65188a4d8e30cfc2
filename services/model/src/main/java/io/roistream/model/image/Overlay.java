package io.roistream.model.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The picture an answer comes with: the original image, the RoI heat map of the global grid
 * (translucent red, stronger where the probability is higher) and the RoI boxes (outlined).
 */
public final class Overlay {

  private Overlay() {}

  /**
   * Draws on a copy of {@code source}.
   *
   * @param heatMap per-cell probabilities in [0, 1] of a {@code grid x grid} map over the
   *     letterboxed global view of side {@code viewSize}, or null for none
   * @param boxes boxes in source pixels, drawn in {@code boxColour}
   */
  public static BufferedImage render(BufferedImage source, float[] heatMap, int grid,
      int viewSize, List<Box> boxes, Color boxColour) {
    int w = source.getWidth();
    int h = source.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.drawImage(source, 0, 0, null);
      if (heatMap != null) {
        if (heatMap.length != grid * grid) {
          throw new IllegalArgumentException("heat map of " + heatMap.length + " cells for a "
              + grid + "x" + grid + " grid");
        }
        ViewTransform view = ViewTransform.letterbox(w, h, viewSize);
        double cell = (double) viewSize / grid;
        for (int r = 0; r < grid; r++) {
          for (int c = 0; c < grid; c++) {
            float p = Math.max(0f, Math.min(1f, heatMap[r * grid + c]));
            if (p < 0.02f) {
              continue;
            }
            Box s = view.toSource(new Box(c * cell, r * cell, (c + 1) * cell, (r + 1) * cell));
            g.setColor(new Color(1f, 0f, 0f, 0.55f * p));
            g.fillRect((int) Math.floor(s.x0()), (int) Math.floor(s.y0()),
                (int) Math.ceil(s.width()), (int) Math.ceil(s.height()));
          }
        }
      }
      g.setStroke(new BasicStroke(Math.max(2f, Math.min(w, h) / 128f)));
      g.setColor(boxColour);
      for (Box b : boxes) {
        g.drawRect((int) Math.round(b.x0()), (int) Math.round(b.y0()),
            (int) Math.round(b.width()), (int) Math.round(b.height()));
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
