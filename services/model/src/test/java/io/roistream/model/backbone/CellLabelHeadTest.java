package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The per-cell crop-label head: its projection starts at zero, so that weights trained before it
 * existed give the same crop tokens whatever the head says; once trained, each crop token carries
 * its own cell's label evidence.
 */
class CellLabelHeadTest {

  private static final BackboneConfig C = DjlBackboneTest.TINY;

  @Test
  void anUntrainedProjectionLeavesCropTokensAsTheyWere() {
    Engines.configure(1, 3);
    try (NDManager m = NDManager.newBaseManager();
        BackboneNet net = BackboneNet.create(m, C, 3)) {
      NDArray pooled = m.randomNormal(new Shape(2, C.cropTokens(), C.dModel()));
      NDArray evidence = m.randomUniform(0, 1,
          new Shape(2, C.cropTokens(), C.colourClasses() + C.shapeClasses()));
      NDArray labels = m.randomUniform(0, 1, new Shape(2, C.labelClasses()));
      float[] before = net.cropTokens(pooled, evidence, labels).toFloatArray();

      net.weights().put("enc.cellLabel.w",
          m.randomNormal(new Shape(C.labelClasses(), C.dModel())).mul(3));

      assertArrayEquals(before, net.cropTokens(pooled, evidence, labels).toFloatArray(), 0f);
    }
  }

  @Test
  void aTrainedProjectionGivesEachCropTokenItsOwnCellsLabelEvidence() {
    Engines.configure(1, 5);
    try (NDManager m = NDManager.newBaseManager();
        BackboneNet net = BackboneNet.create(m, C, 5)) {
      int d = C.dModel();
      int classes = C.labelClasses();
      NDArray pooled = m.randomNormal(new Shape(1, C.cropTokens(), d));
      NDArray evidence = m.zeros(new Shape(1, C.cropTokens(), C.colourClasses() + C.shapeClasses()));
      NDArray labels = m.zeros(new Shape(1, classes));
      float[] without = net.cropTokens(pooled, evidence, labels).toFloatArray();
      NDArray projection = m.randomNormal(new Shape(d, classes));
      net.weights().put("proj.crop.cellLabel.w", projection);

      float[] with = net.cropTokens(pooled, evidence, labels).toFloatArray();

      float[] p = net.cellLabelLogits(pooled).softmax(2).toFloatArray();
      float[] w = projection.toFloatArray();
      for (int token = 0; token < C.cropTokens(); token++) {
        for (int i = 0; i < d; i++) {
          double expected = 0;
          for (int k = 0; k < classes; k++) {
            expected += p[token * classes + k] * w[i * classes + k];
          }
          int at = token * d + i;
          assertEquals(expected, with[at] - without[at], 1e-4, "token " + token + " channel " + i);
        }
      }
      assertTrue(Math.abs((with[0] - without[0]) - (with[d] - without[d])) > 1e-6,
          "tokens 0 and 1 carry different label evidence");
    }
  }
}
