package io.roistream.model.backbone.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.SceneObject;
import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SceneViewsTest {

  private static final int SIZE = 96;
  private static final int GRID = 12;

  @Test
  void roiShapedCropsOverlapTheirObjectAndStayWithinAFewCellsOfIt() {
    SceneGenerator generator = new SceneGenerator(SceneConfig.defaults());
    SplittableRandom random = new SplittableRandom(5);
    for (long seed = 0; seed < 40; seed++) {
      Scene scene = generator.generate(seed);
      ViewTransform global = SceneViews.global(scene, SIZE);
      double cellInSource = global.toSourceX(SIZE / (double) GRID) - global.toSourceX(0);
      for (SceneObject object : scene.objects()) {
        Box crop = SceneViews.roiShapedCrop(scene, object, SIZE, GRID, random).sourceRegion();
        Box box = object.box();
        boolean overlaps = crop.x0() < box.x1() && box.x0() < crop.x1()
          && crop.y0() < box.y1() && box.y0() < crop.y1();
        assertTrue(overlaps, "crop " + crop + " misses " + box + " (scene " + seed + ")");
        // grown by at most a cell a side and shifted by at most one: 3 cells beyond the
        // object's cells, and squared around that by ViewTransform.around
        double side = Math.max(box.width(), box.height()) + 2 * cellInSource + 3 * cellInSource;
        assertTrue(crop.width() <= side + 1e-6 || crop.width() <= SceneViews.MIN_CROP_SIDE + 1e-6,
          "crop " + crop + " too large for " + box + " (scene " + seed + ")");
      }
    }
  }
}
