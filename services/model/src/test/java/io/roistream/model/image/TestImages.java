package io.roistream.model.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Pictures for tests that need an image and nothing in particular on it. */
public final class TestImages {

  private TestImages() {}

  /** A 320x256 picture of 12 seeded rectangles of seeded colours. */
  public static BufferedImage rectangles(int seed) {
    BufferedImage image = new BufferedImage(320, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Random random = new Random(seed);
    for (int i = 0; i < 12; i++) {
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillRect(random.nextInt(300), random.nextInt(240), 20 + random.nextInt(60),
          20 + random.nextInt(60));
    }
    g.dispose();
    return image;
  }
}
