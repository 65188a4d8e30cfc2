package io.roistream.model.answer;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.Generation;
import io.roistream.model.backbone.ImageTokens;
import io.roistream.model.backbone.PrefixCache;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.roi.CropPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The part every method shares: the batch's global views encoded and their prefix run once
 * through the decoder, the questions encoded; continuations reuse the prefix's cache. Owns the
 * prefix; close it.
 */
final class GlobalPass implements AutoCloseable {

  final List<Query> batch;
  final List<ViewTransform> views;
  final List<int[]> questions;
  final PrefixCache prefix;
  final double encodeMs;

  private GlobalPass(List<Query> batch, List<ViewTransform> views, List<int[]> questions,
      PrefixCache prefix, double encodeMs) {
    this.batch = batch;
    this.views = views;
    this.questions = questions;
    this.prefix = prefix;
    this.encodeMs = encodeMs;
  }

  static GlobalPass run(Backbone backbone, QuestionEncoder encoder, List<Query> batch) {
    long started = System.nanoTime();
    int size = backbone.config().imageSize();
    List<ViewTransform> views = new ArrayList<>();
    List<float[]> pixels = new ArrayList<>();
    List<int[]> questions = new ArrayList<>();
    for (Query q : batch) {
      questions.add(encoder.encode(q.question()));
      ViewTransform view = ViewTransform.letterbox(q.image().getWidth(), q.image().getHeight(),
          size);
      views.add(view);
      pixels.add(view.renderChw(q.image()));
    }
    try (ImageTokens global = backbone.encodeGlobal(pixels)) {
      PrefixCache prefix = backbone.prefill(global);
      return new GlobalPass(batch, views, questions, prefix, Timer.ms(started));
    }
  }

  /** The questions of {@code rows}. */
  List<int[]> questions(int[] rows) {
    List<int[]> out = new ArrayList<>();
    for (int r : rows) {
      out.add(questions.get(r));
    }
    return out;
  }

  /** Answers of prompts with crops, and where their time went. */
  record CropAnswers(Generation generation, double cropEncodeMs, double answerMs) {}

  /**
   * Answers {@code rows} with crop views {@code crops} (rendered from the original images, in
   * {@code rows} order, ascending and distinct) keeping {@code kept} tokens of each; the prefix rows
   * come from the cache, copied only when some prompts are left out.
   */
  CropAnswers answerWithCrops(Backbone backbone, int[] rows, List<ViewTransform> crops,
      List<int[]> kept, int maxNewTokens) {
    long started = System.nanoTime();
    List<float[]> pixels = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      pixels.add(crops.get(i).renderChw(batch.get(rows[i]).image()));
    }
    boolean everyRow = rows.length == batch.size();
    try (ImageTokens tokens = backbone.encodeCrops(pixels, kept);
        PrefixCache picked = everyRow ? null : prefix.rows(rows)) {
      double encodeMs = Timer.ms(started);
      long answering = System.nanoTime();
      Generation generation = backbone.generate(everyRow ? prefix : picked, tokens,
          questions(rows), maxNewTokens);
      return new CropAnswers(generation, encodeMs, Timer.ms(answering));
    }
  }

  /**
   * Answers the prompts that have a crop plan with their crops and writes those answers into
   * {@code texts}; zero times when no prompt has a plan.
   */
  CropAnswers answerPlanned(Backbone backbone, List<Optional<CropPlan>> plans,
      QuestionEncoder encoder, String[] texts, int maxNewTokens) {
    int[] rows = IntStream.range(0, plans.size()).filter(i -> plans.get(i).isPresent()).toArray();
    if (rows.length == 0) {
      return new CropAnswers(null, 0, 0);
    }
    List<ViewTransform> crops = new ArrayList<>();
    List<int[]> kept = new ArrayList<>();
    for (int r : rows) {
      crops.add(plans.get(r).orElseThrow().cropView());
      kept.add(plans.get(r).orElseThrow().keptTokens());
    }
    CropAnswers zoomed = answerWithCrops(backbone, rows, crops, kept, maxNewTokens);
    for (int i = 0; i < rows.length; i++) {
      texts[rows[i]] = encoder.decode(zoomed.generation().tokens()[i]);
    }
    return zoomed;
  }

  @Override
  public void close() {
    prefix.close();
  }

  /** Millisecond stopwatch arithmetic. */
  static final class Timer {
    private Timer() {}

    static double ms(long startedNanos) {
      return (System.nanoTime() - startedNanos) / 1e6;
    }
  }
}
