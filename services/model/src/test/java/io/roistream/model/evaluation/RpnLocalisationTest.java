package io.roistream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.data.DatasetGenerator;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.VqaSample;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiSelector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpnLocalisationTest {

  private static final int GRID = 12;
  private static final int VIEW = 96;

  @TempDir
  Path folder;

  @Test
  void aRoiOnTheObjectsCellIsAHitAndNoRegionIsAMiss() throws IOException {
    new DatasetGenerator(new SceneGenerator(SceneConfig.defaults()),
        new QuestionGenerator(QuestionGenerator.defaultMix()), 6).write(folder, 91, 2, 1);
    SdRpnEvaluation.Split split = SdRpnEvaluation.Split.read(folder, 0);
    List<float[]> maps = new ArrayList<>();
    int withBox = 0;
    int hits = 0;
    for (int i = 0; i < split.samples().size(); i++) {
      VqaSample sample = split.samples().get(i);
      float[] map = new float[GRID * GRID];
      if (sample.box() != null) {
        withBox++;
        if (i % 2 == 0) {
          // one confident cell under the object's centre: a region grown to 3x3 cells around it
          BufferedImage image = split.image(i);
          ViewTransform view = ViewTransform.letterbox(image.getWidth(), image.getHeight(), VIEW);
          int cell = VIEW / GRID;
          int col = (int) (view.toViewX(sample.box().centreX()) / cell);
          int row = (int) (view.toViewY(sample.box().centreY()) / cell);
          map[row * GRID + col] = 0.9f;
          hits++;
        }
      }
      maps.add(map);
    }
    assertTrue(hits > 0 && hits < withBox, "both hits and misses: " + hits + " of " + withBox);
    RoiSelector selector = new RoiSelector(RoiConfig.defaults().withThreshold(0.2));

    SdRpnEvaluation.Localisation roi = SdRpnEvaluation.roiLocalisation(split, maps, selector, GRID, VIEW);

    assertEquals(withBox, roi.samples());
    assertEquals(100.0 * hits / withBox, roi.hitRate(), 1e-9);
    assertThrows(IllegalArgumentException.class,
        () -> SdRpnEvaluation.roiLocalisation(split, maps.subList(1, maps.size()), selector, GRID, VIEW));
  }
}
