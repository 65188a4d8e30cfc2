package io.roistream.model.answer;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.Generation;
import io.roistream.model.backbone.PartialPass;
import io.roistream.model.roi.CropGeometry;
import io.roistream.model.roi.CropPlan;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.RoiDecision;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.rpn.Rpn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * SD-RPN inference (METHOD.md section 3) for whole batches: the global prefix runs once; one
 * partial pass to layer K gives the RPN its hidden states; the RPN's map goes through the RoI
 * rules (sigmoid, blur, threshold, regions; bbox or mask mode); prompts with a RoI get a crop of
 * the ORIGINAL image inserted after the global tokens and are answered continuing the cached
 * prefix; prompts without one are finished from the partial pass itself (nothing recomputed).
 * Under {@link CropGeometry.MultiRegion#ATTENDED_REGION} the regions of a RoI are ranked by the frozen
 * backbone's own score ({@link Rpn#ofBackbone}) on the same partial pass.
 */
public final class RpnRoiAnswerer implements Answerer {

  private final Backbone backbone;
  private final Rpn rpn;
  private final RoiSelector selector;
  private final CropPlanner planner;
  private final QuestionEncoder encoder;
  private final int maxNewTokens;

  /** An answerer with the given parts. */
  public RpnRoiAnswerer(Backbone backbone, Rpn rpn, RoiSelector selector, CropPlanner planner,
      QuestionEncoder encoder, int maxNewTokens) {
    this.backbone = backbone;
    this.rpn = rpn;
    this.selector = selector;
    this.planner = planner;
    this.encoder = encoder;
    this.maxNewTokens = maxNewTokens;
  }

  @Override
  public List<Answer> answer(List<Query> batch) {
    long started = System.nanoTime();
    int grid = backbone.config().gridSize();
    try (GlobalPass pass = GlobalPass.run(backbone, encoder, batch);
        PartialPass partial = backbone.runUntil(pass.prefix, null, pass.questions,
            rpn.config().branchLayer())) {
      long rpnStarted = System.nanoTime();
      float[][] logits = rpn.predict(partial);
      List<RoiDecision> decisions = selector.selectAll(logits, grid, grid);
      List<Optional<CropPlan>> plans = plan(pass, partial, decisions);
      double rpnMs = GlobalPass.Timer.ms(rpnStarted);
      List<Integer> without = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        if (plans.get(i).isEmpty()) {
          without.add(i);
        }
      }
      String[] texts = new String[batch.size()];
      GlobalPass.CropAnswers zoomed = pass.answerPlanned(backbone, plans, encoder, texts,
          maxNewTokens);
      double answerMs = zoomed.answerMs();
      long fallbackStarted = System.nanoTime();
      if (!without.isEmpty()) {
        int[] rows = without.stream().mapToInt(Integer::intValue).toArray();
        Generation plain = rows.length == batch.size()
            ? backbone.finish(partial, maxNewTokens)
            : finishRows(partial, rows);
        for (int i = 0; i < rows.length; i++) {
          texts[rows[i]] = encoder.decode(plain.tokens()[i]);
        }
      }
      answerMs += GlobalPass.Timer.ms(fallbackStarted);
      Answer.Timings timings = new Answer.Timings(pass.encodeMs, rpnMs, zoomed.cropEncodeMs(),
          answerMs,
          GlobalPass.Timer.ms(started));
      List<Answer> out = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Optional<CropPlan> plan = plans.get(i);
        out.add(new Answer(texts[i], plan.isPresent() ? Answer.Mode.RPN : Answer.Mode.FALLBACK,
            plan.map(p -> List.of(p.sourceBox())).orElse(List.of()),
            decisions.get(i).probabilities(), timings));
      }
      return out;
    }
  }

  /**
   * The crops of the batch's decisions. Under {@link CropGeometry.MultiRegion#ATTENDED_REGION} the
   * frozen backbone scores the prompts whose RoI has several regions, and its scores rank them.
   */
  private List<Optional<CropPlan>> plan(GlobalPass pass, PartialPass partial,
      List<RoiDecision> decisions) {
    float[][] regionWeights = new float[decisions.size()][];
    int[] several = IntStream.range(0, decisions.size())
        .filter(i -> decisions.get(i).regionCount() > 1).toArray();
    if (planner.geometry().multiRegion() == CropGeometry.MultiRegion.ATTENDED_REGION
        && several.length > 0) {
      try (Rpn frozen = Rpn.ofBackbone(backbone, rpn.config());
          PartialPass rows = partial.rows(several)) {
        float[][] scores = frozen.predict(rows);
        for (int i = 0; i < several.length; i++) {
          regionWeights[several[i]] = softmax(scores[i]);
        }
      }
    }
    List<Optional<CropPlan>> plans = new ArrayList<>(decisions.size());
    for (int i = 0; i < decisions.size(); i++) {
      plans.add(regionWeights[i] == null ? planner.plan(decisions.get(i), pass.views.get(i))
          : planner.plan(decisions.get(i), pass.views.get(i), regionWeights[i]));
    }
    return plans;
  }

  private static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) Math.exp(logits[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  private Generation finishRows(PartialPass partial, int[] rows) {
    try (PartialPass subset = partial.rows(rows)) {
      return backbone.finish(subset, maxNewTokens);
    }
  }
}
