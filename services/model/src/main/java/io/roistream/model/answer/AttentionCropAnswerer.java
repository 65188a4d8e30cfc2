package io.roistream.model.answer;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.Generation;
import io.roistream.model.labels.AnswerAttention;
import io.roistream.model.labels.AttentionMaps;
import io.roistream.model.labels.GroundingSelection;
import io.roistream.model.labels.PseudoLabelRules;
import io.roistream.model.roi.CropPlan;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.RoiDecision;
import io.roistream.model.roi.RoiSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The training-free attention crop in the ViCrop style: answer plainly, take that answer's
 * attention on the image (the grounding layer and heads, averaged over the answer's steps, sinks
 * masked, scaled to a maximum of 1), select a region with the RoI rules, crop the original image
 * there and answer again continuing the cached prefix. Without a region the first answer stands.
 */
public final class AttentionCropAnswerer implements Answerer {

  private final Backbone backbone;
  private final GroundingSelection grounding;
  private final PseudoLabelRules sinks;
  private final RoiSelector selector;
  private final CropPlanner planner;
  private final QuestionEncoder encoder;
  private final int maxNewTokens;

  /**
   * An answerer reading {@code grounding}'s attention; {@code selector} works on the attention
   * map scaled to a maximum of 1 (so its threshold is a share of the peak).
   */
  public AttentionCropAnswerer(Backbone backbone, GroundingSelection grounding,
      PseudoLabelRules sinks, RoiSelector selector, CropPlanner planner, QuestionEncoder encoder,
      int maxNewTokens) {
    this.backbone = backbone;
    this.grounding = grounding;
    this.sinks = sinks;
    this.selector = selector;
    this.planner = planner;
    this.encoder = encoder;
    this.maxNewTokens = maxNewTokens;
  }

  @Override
  public List<Answer> answer(List<Query> batch) {
    long started = System.nanoTime();
    int grid = backbone.config().gridSize();
    try (GlobalPass pass = GlobalPass.run(backbone, encoder, batch)) {
      long firstStarted = System.nanoTime();
      Generation first = backbone.generate(pass.prefix, null, pass.questions, maxNewTokens);
      List<RoiDecision> decisions = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        decisions.add(selector.decide(peakScaled(first, i, grid), grid, grid));
      }
      List<Optional<CropPlan>> plans = planner.planAll(decisions, pass.views);
      double firstMs = GlobalPass.Timer.ms(firstStarted);
      String[] texts = new String[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        texts[i] = encoder.decode(first.tokens()[i]);
      }
      GlobalPass.CropAnswers second = pass.answerPlanned(backbone, plans, encoder, texts,
          maxNewTokens);
      double cropMs = second.cropEncodeMs();
      double answerMs = second.answerMs();
      Answer.Timings timings = new Answer.Timings(pass.encodeMs, firstMs, cropMs, answerMs,
          GlobalPass.Timer.ms(started));
      List<Answer> out = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Optional<CropPlan> plan = plans.get(i);
        out.add(new Answer(texts[i], plan.isPresent() ? Answer.Mode.ATTENTION : Answer.Mode.PLAIN,
            plan.map(p -> List.of(p.sourceBox())).orElse(List.of()),
            decisions.get(i).probabilities(), timings));
      }
      return out;
    }
  }

  private float[] peakScaled(Generation generation, int item, int grid) {
    float[][][][] steps = generation.attention()[item];
    AttentionMaps maps = AnswerAttention.average(grid, grid, steps, grounding,
        AnswerAttention.excludeEndStep(steps, generation.endedWithEos()[item]));
    float[] g = sinks.maskSinks(maps);
    float max = 0;
    for (float v : g) {
      max = Math.max(max, v);
    }
    float[] out = new float[g.length];
    for (int i = 0; max > 0 && i < g.length; i++) {
      out[i] = g[i] / max;
    }
    return out;
  }
}
