package io.roistream.model.answer;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.Generation;
import io.roistream.model.image.ViewTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The upper bound for evaluation only: the crop around the query's ground-truth box (at least
 * {@code minSidePx}), inserted after the cached global prefix. Queries without a box are answered
 * plainly.
 */
public final class OracleCropAnswerer implements Answerer {

  private final Backbone backbone;
  private final QuestionEncoder encoder;
  private final int maxNewTokens;
  private final double minSidePx;

  /** An answerer cropping at least {@code minSidePx} around the box. */
  public OracleCropAnswerer(Backbone backbone, QuestionEncoder encoder, int maxNewTokens,
      double minSidePx) {
    this.backbone = backbone;
    this.encoder = encoder;
    this.maxNewTokens = maxNewTokens;
    this.minSidePx = minSidePx;
  }

  @Override
  public List<Answer> answer(List<Query> batch) {
    long started = System.nanoTime();
    int size = backbone.config().imageSize();
    try (GlobalPass pass = GlobalPass.run(backbone, encoder, batch)) {
      int[] boxed = IntStream.range(0, batch.size()).filter(i -> batch.get(i).oracleBox() != null)
          .toArray();
      int[] plain = IntStream.range(0, batch.size()).filter(i -> batch.get(i).oracleBox() == null)
          .toArray();
      String[] texts = new String[batch.size()];
      double cropMs = 0;
      double answerMs = 0;
      if (boxed.length > 0) {
        List<ViewTransform> crops = new ArrayList<>();
        List<int[]> kept = new ArrayList<>();
        int[] all = IntStream.range(0, backbone.config().cropTokens()).toArray();
        for (int r : boxed) {
          Query q = batch.get(r);
          crops.add(ViewTransform.around(q.oracleBox(), q.image().getWidth(),
              q.image().getHeight(), size, minSidePx));
          kept.add(all);
        }
        GlobalPass.CropAnswers zoomed = pass.answerWithCrops(backbone, boxed, crops, kept,
            maxNewTokens);
        cropMs = zoomed.cropEncodeMs();
        answerMs = zoomed.answerMs();
        for (int i = 0; i < boxed.length; i++) {
          texts[boxed[i]] = encoder.decode(zoomed.generation().tokens()[i]);
        }
      }
      if (plain.length > 0) {
        long answering = System.nanoTime();
        Generation g;
        try (var rows = pass.prefix.rows(plain)) {
          g = backbone.generate(rows, null, pass.questions(plain), maxNewTokens);
        }
        answerMs += GlobalPass.Timer.ms(answering);
        for (int i = 0; i < plain.length; i++) {
          texts[plain[i]] = encoder.decode(g.tokens()[i]);
        }
      }
      Answer.Timings timings = new Answer.Timings(pass.encodeMs, 0, cropMs, answerMs,
          GlobalPass.Timer.ms(started));
      List<Answer> out = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Query q = batch.get(i);
        out.add(new Answer(texts[i], q.oracleBox() != null ? Answer.Mode.ORACLE : Answer.Mode.PLAIN,
            q.oracleBox() != null ? List.of(q.oracleBox()) : List.of(), null, timings));
      }
      return out;
    }
  }
}
