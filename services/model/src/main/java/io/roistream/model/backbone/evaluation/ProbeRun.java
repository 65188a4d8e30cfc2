package io.roistream.model.backbone.evaluation;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.Generation;
import io.roistream.model.backbone.ImageTokens;
import io.roistream.model.backbone.PrefixCache;
import io.roistream.model.backbone.training.SceneViews;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.QuestionTemplate;
import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.data.VqaSample;
import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a backbone over a split of generated scenes: each question is answered from the plain
 * prompt and, when it refers to an object, again with the oracle crop of that object inserted
 * after the global image tokens (the cached global prefix is reused, not recomputed). Keeps the
 * plain answer's answer-to-image attention (the steps before the end token, averaged).
 */
public final class ProbeRun {

  /** Scene seeds of the calibration split (scan). */
  public static final long CALIBRATION_SEED_BASE = 30_000_000L;
  /** Scene seeds of the held-out test split (evaluation), never trained on. */
  public static final long TEST_SEED_BASE = 40_000_000L;

  /**
   * One answered question.
   *
   * @param sample the question
   * @param objectBoxInView the referenced object's box in global-view pixels, or null
   * @param plainAnswer answer from the plain prompt
   * @param cropAnswer answer with the oracle crop, or null when the question refers to no object
   * @param attention plain answer-to-image attention {@code [layer][head][cell]}
   */
  public record Result(VqaSample sample, Box objectBoxInView, String plainAnswer,
      String cropAnswer, float[][][] attention) {}

  private ProbeRun() {}

  /** The question mix of the evaluation splits. */
  public static Map<QuestionTemplate, Double> mix() {
    return Map.of(QuestionTemplate.LABEL, 3.0, QuestionTemplate.LAST_DIGIT, 1.0,
        QuestionTemplate.COLOUR_OF_SHAPE, 2.0, QuestionTemplate.SHAPE_OF_COLOUR, 2.0);
  }

  /** Answers {@code questionsPerScene} questions on each of {@code scenes} scenes. */
  public static List<Result> run(Backbone backbone, Vocabulary vocabulary,
      SceneGenerator generator, long seedBase, int scenes, int questionsPerScene, int batch,
      PrintStream log) {
    QuestionGenerator questions = new QuestionGenerator(mix());
    int size = backbone.config().imageSize();
    List<Result> results = new ArrayList<>();
    List<VqaSample> pending = new ArrayList<>();
    List<float[]> globals = new ArrayList<>();
    List<float[]> crops = new ArrayList<>();
    List<Box> boxes = new ArrayList<>();
    long started = System.nanoTime();
    for (int s = 0; s < scenes; s++) {
      Scene scene = generator.generate(seedBase + s);
      ViewTransform global = SceneViews.global(scene, size);
      float[] globalPixels = global.renderChw(scene.image());
      for (VqaSample q : questions.questions(scene, questionsPerScene, seedBase + s)) {
        pending.add(q);
        globals.add(globalPixels);
        if (q.objectId() >= 0) {
          crops.add(SceneViews.oracleCrop(scene, scene.object(q.objectId()), size)
              .renderChw(scene.image()));
          boxes.add(global.toView(q.box()));
        } else {
          crops.add(globalPixels);
          boxes.add(null);
        }
        if (pending.size() == batch) {
          answer(backbone, vocabulary, pending, globals, crops, boxes, results);
        }
      }
      if ((s + 1) % 50 == 0) {
        log.printf(Locale.ROOT, "[probe] %d/%d scenes, %d questions, %.0f s%n", s + 1, scenes,
            results.size(), (System.nanoTime() - started) / 1e9);
      }
    }
    if (!pending.isEmpty()) {
      answer(backbone, vocabulary, pending, globals, crops, boxes, results);
    }
    return results;
  }

  private static void answer(Backbone backbone, Vocabulary vocabulary, List<VqaSample> pending,
      List<float[]> globals, List<float[]> crops, List<Box> boxes, List<Result> out) {
    List<int[]> questions = pending.stream().map(q -> vocabulary.encode(q.question())).toList();
    try (ImageTokens g = backbone.encodeGlobal(globals);
        PrefixCache prefix = backbone.prefill(g);
        ImageTokens c = backbone.encodeCrops(crops)) {
      Generation plain = backbone.generate(prefix, null, questions, 3);
      Generation zoomed = backbone.generate(prefix, c, questions, 3);
      for (int i = 0; i < pending.size(); i++) {
        VqaSample q = pending.get(i);
        out.add(new Result(q, boxes.get(i), vocabulary.decode(plain.tokens()[i]),
            q.objectId() >= 0 ? vocabulary.decode(zoomed.tokens()[i]) : null,
            answerMap(plain.attention()[i], plain.endedWithEos()[i])));
      }
    }
    pending.clear();
    globals.clear();
    crops.clear();
    boxes.clear();
  }

  /** Mean over the answer's steps, the final end-token step excluded (METHOD.md, 1.2). */
  static float[][][] answerMap(float[][][][] steps, boolean endedWithEos) {
    int n = endedWithEos && steps.length > 1 ? steps.length - 1 : steps.length;
    float[][][] first = steps[0];
    float[][][] out = new float[first.length][first[0].length][first[0][0].length];
    for (int s = 0; s < n; s++) {
      for (int l = 0; l < out.length; l++) {
        for (int h = 0; h < out[l].length; h++) {
          for (int i = 0; i < out[l][h].length; i++) {
            out[l][h][i] += steps[s][l][h][i] / n;
          }
        }
      }
    }
    return out;
  }
}
