package io.roistream.model.answer;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.Generation;
import java.util.ArrayList;
import java.util.List;

/** The plain model: the global view and the question, no RoI. */
public final class PlainAnswerer implements Answerer {

  private final Backbone backbone;
  private final QuestionEncoder encoder;
  private final int maxNewTokens;

  /** Answers with {@code backbone}, decoding at most {@code maxNewTokens} tokens. */
  public PlainAnswerer(Backbone backbone, QuestionEncoder encoder, int maxNewTokens) {
    this.backbone = backbone;
    this.encoder = encoder;
    this.maxNewTokens = maxNewTokens;
  }

  @Override
  public List<Answer> answer(List<Query> batch) {
    long started = System.nanoTime();
    try (GlobalPass pass = GlobalPass.run(backbone, encoder, batch)) {
      long answering = System.nanoTime();
      Generation plain = backbone.generate(pass.prefix, null, pass.questions, maxNewTokens);
      Answer.Timings timings = new Answer.Timings(pass.encodeMs, 0, 0,
          GlobalPass.Timer.ms(answering), GlobalPass.Timer.ms(started));
      List<Answer> out = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        out.add(new Answer(encoder.decode(plain.tokens()[i]), Answer.Mode.PLAIN, List.of(), null,
            timings));
      }
      return out;
    }
  }
}
