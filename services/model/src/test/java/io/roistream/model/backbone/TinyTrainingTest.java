package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A few Adam steps on a tiny config: the answer loss through the whole model must fall. */
class TinyTrainingTest {

  @Test
  void lossFallsOverAFewStepsOnATinyConfig() {
    Engines.configure(1, 11);
    BackboneConfig c = DjlBackboneTest.TINY;
    try (NDManager m = NDManager.newBaseManager();
        BackboneNet net = BackboneNet.create(m, c, 11)) {
      AdamUpdater adam = new AdamUpdater(net.weights(),
          net.weights().all().keySet().stream().toList(), 1f);
      adam.learningRate(3e-3f);
      NDArray pixels = m.randomNormal(new Shape(4, 3, c.imageSize(), c.imageSize()));
      List<int[]> texts = List.of(new int[] {5, 6, 3}, new int[] {7, 8, 3},
          new int[] {5, 9, 3}, new int[] {10, 6, 3});
      int[] answers = {12, 13, 14, 15};
      TextRows text = TextRows.leftPadded(texts, 3, 0);
      TokenLayout layout = TokenLayout.prefix(4, c.imageTokens())
          .append(TokenLayout.suffix(0, new boolean[4], text));
      float first = 0;
      float last = 0;
      for (int step = 0; step < 40; step++) {
        float loss = adam.step(() -> {
          BackboneNet.Encoded e = net.encode(pixels);
          NDArray x = NDArrays.concat(new NDList(net.tokenEmbedding(m, 1, 4),
              net.globalTokens(e.features(), e.evidence()),
              net.textEmbeddings(m, text.tokens(), text.positions())), 1);
          NDArray hidden = net.runDecoder(m, x, layout, null, 0, c.decoderLayers(), false)
              .hidden().get(new NDIndex(":, -1, :"));
          NDArray target = m.create(answers).toType(DataType.INT64, false);
          return Ops.crossEntropy(net.logits(hidden), target, m.ones(new Shape(4)));
        });
        if (step == 0) {
          first = loss;
        }
        last = loss;
      }
      assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);
    }
  }
}
