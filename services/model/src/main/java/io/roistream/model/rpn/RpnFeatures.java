package io.roistream.model.rpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.ImageTokens;
import io.roistream.model.backbone.PartialPass;
import io.roistream.model.backbone.PrefixCache;
import io.roistream.model.backbone.TextRows;
import io.roistream.model.backbone.TokenLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frozen backbone's side of RPN training: hidden states after layer K-1, computed once per
 * sample (they do not change while the twig trains), and the padded batches the trainer feeds.
 */
public final class RpnFeatures {

  private RpnFeatures() {}

  /**
   * Runs the backbone to layer {@code k} on each (global view, question) in batches of
   * {@code batchSize} and pairs the hidden states with {@code labels}.
   *
   * @param views normalised CHW global views (see {@code ViewTransform#renderChw})
   * @param questions question token ids (without special tokens)
   * @param labels per-cell labels of each sample
   */
  public static List<RpnExample> compute(Backbone backbone, int k, List<float[]> views,
      List<int[]> questions, List<int[]> labels, int batchSize) {
    if (views.size() != questions.size() || views.size() != labels.size()) {
      throw new IllegalArgumentException("views, questions and labels differ in number");
    }
    int assistant = backbone.specialTokens().assistant();
    List<RpnExample> out = new ArrayList<>(views.size());
    for (int from = 0; from < views.size(); from += batchSize) {
      int to = Math.min(views.size(), from + batchSize);
      List<int[]> batchQuestions = questions.subList(from, to);
      try (ImageTokens global = backbone.encodeGlobal(views.subList(from, to));
          PrefixCache prefix = backbone.prefill(global);
          PartialPass pass = backbone.runUntil(prefix, null, batchQuestions, k);
          NDManager m = NDManager.newBaseManager(backbone.device())) {
        NDArray hidden = pass.promptHidden(m);
        long[] shape = hidden.getShape().getShape();
        int length = (int) shape[1];
        int d = (int) shape[2];
        float[] flat = hidden.toFloatArray();
        TokenLayout layout = pass.layout();
        for (int i = 0; i < to - from; i++) {
          float[] row = new float[countReal(layout, i) * d];
          int filled = 0;
          for (int t = 0; t < length; t++) {
            if (layout.kind(i, t) != TokenLayout.PAD) {
              System.arraycopy(flat, (i * length + t) * d, row, filled * d, d);
              filled++;
            }
          }
          int[] q = batchQuestions.get(i);
          int[] text = Arrays.copyOf(q, q.length + 1);
          text[q.length] = assistant;
          out.add(new RpnExample(text, row, labels.get(from + i).clone()));
        }
      }
    }
    return out;
  }

  private static int countReal(TokenLayout layout, int row) {
    int n = 0;
    for (int t = 0; t < layout.length(); t++) {
      n += layout.kind(row, t) == TokenLayout.PAD ? 0 : 1;
    }
    return n;
  }

  /** A batch of examples as the RPN reads it: left-padded hidden states and their layout. */
  record Batch(NDArray hidden, TokenLayout layout) {}

  /** Pads {@code examples} to a common length (zeros at pad positions) in {@code m}. */
  static Batch batch(NDManager m, List<RpnExample> examples, int imageTokens) {
    int b = examples.size();
    int d = examples.get(0).width();
    int longest = examples.stream().mapToInt(e -> e.text().length).max().orElseThrow();
    int length = 1 + imageTokens + longest;
    float[] flat = new float[b * length * d];
    for (int i = 0; i < b; i++) {
      RpnExample e = examples.get(i);
      int prefix = (1 + imageTokens) * d;
      System.arraycopy(e.hidden(), 0, flat, i * length * d, prefix);
      int textStart = 1 + imageTokens + longest - e.text().length;
      System.arraycopy(e.hidden(), prefix, flat, (i * length + textStart) * d,
          e.text().length * d);
    }
    TextRows text = TextRows.leftPadded(examples.stream().map(RpnExample::text).toList(),
        longest, 0);
    TokenLayout layout = TokenLayout.prefix(b, imageTokens)
        .append(TokenLayout.suffix(0, new boolean[b], text));
    return new Batch(m.create(flat, new Shape(b, length, d)), layout);
  }
}
