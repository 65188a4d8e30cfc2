package io.roistream.model.evaluation;

import io.roistream.model.answer.Answer;
import io.roistream.model.answer.Answerer;
import io.roistream.model.answer.Query;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.data.DatasetReader;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.VqaSample;
import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.GridBox;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.roi.GridGeometry;
import io.roistream.model.roi.RoiDecision;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.rpn.RpnExample;
import io.roistream.model.rpn.RpnFeatures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/** The steps of the evaluation, each usable on its own. */
public final class SdRpnEvaluation {

  private SdRpnEvaluation() {}

  /** A data-set folder's questions with their images loaded once. */
  public record Split(List<VqaSample> samples, Map<String, BufferedImage> images) {

    /** Reads up to {@code limit} questions (all when limit <= 0) of {@code folder}. */
    public static Split read(java.nio.file.Path folder, int limit) throws IOException {
      DatasetReader reader = new DatasetReader(folder);
      List<VqaSample> all = reader.questions();
      List<VqaSample> samples = limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
      Map<String, BufferedImage> images = new HashMap<>();
      for (VqaSample s : samples) {
        if (!images.containsKey(s.imageId())) {
          images.put(s.imageId(), reader.image(s.imageId()));
        }
      }
      return new Split(List.copyOf(samples), images);
    }

    /** The image of sample {@code i}. */
    public BufferedImage image(int i) {
      return images.get(samples.get(i).imageId());
    }

    /** The query of sample {@code i} (with its box, for the oracle). */
    public Query query(int i) {
      return new Query(image(i), samples.get(i).question(), samples.get(i).box());
    }
  }

  /** Localisation of boxes against the referenced objects: centre hits and IoU. */
  public static final class Localisation {
    private int samples;
    private int hits;
    private double iou;

    /** Counts one sample; {@code box} null means no box (a miss, IoU 0). */
    public void add(Box box, Box object) {
      samples++;
      if (box != null) {
        hits += box.contains(object.centreX(), object.centreY()) ? 1 : 0;
        iou += box.iou(object);
      }
    }

    /** Percent of samples whose box contains the object's centre. */
    public double hitRate() {
      return samples == 0 ? 0 : 100.0 * hits / samples;
    }

    /** Mean IoU over all samples (missing boxes count 0). */
    public double meanIou() {
      return samples == 0 ? 0 : iou / samples;
    }

    /** How many samples were counted. */
    public int samples() {
      return samples;
    }
  }

  /** The teachings of every sample of {@code split}, in batches. */
  public static List<PseudoLabeler.Teaching> teach(PseudoLabeler labeler, Split split, int batch,
      PrintStream log) {
    List<PseudoLabeler.Teaching> out = new ArrayList<>();
    for (int from = 0; from < split.samples().size(); from += batch) {
      int to = Math.min(split.samples().size(), from + batch);
      List<BufferedImage> images = new ArrayList<>();
      List<String> questions = new ArrayList<>();
      for (int i = from; i < to; i++) {
        images.add(split.image(i));
        questions.add(split.samples().get(i).question());
      }
      out.addAll(labeler.teach(images, questions));
      progress(log, "labels", to, split.samples().size());
    }
    return out;
  }

  /** RPN examples of the kept teachings (hidden states after layer {@code k}). */
  public static List<RpnExample> examples(Backbone backbone, int k, Split split,
      List<PseudoLabeler.Teaching> teachings, IntFunction<int[]> questionTokens, int batch) {
    List<float[]> views = new ArrayList<>();
    List<int[]> questions = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    int size = backbone.config().imageSize();
    for (int i = 0; i < teachings.size(); i++) {
      if (!teachings.get(i).kept()) {
        continue;
      }
      BufferedImage image = split.image(i);
      views.add(ViewTransform.letterbox(image.getWidth(), image.getHeight(), size)
          .renderChw(image));
      questions.add(questionTokens.apply(i));
      labels.add(teachings.get(i).label().labels());
    }
    return RpnFeatures.compute(backbone, k, views, questions, labels, batch);
  }

  /** Pseudo-label boxes of {@code split} against the objects (a dropped label is a miss). */
  public static Localisation labelLocalisation(Split split, List<PseudoLabeler.Teaching> teachings,
      int grid, int viewSize) {
    return gridBoxLocalisation(split, i -> teachings.get(i).kept() ? teachings.get(i).label().box() : null,
        grid, viewSize);
  }

  /**
   * RoI boxes on {@code split} against the objects, from the RoI maps the answers carried
   * ({@link Answer#heatMap}, blurred, in the split's order): the box around every region the RoI
   * rules of {@code selector} keep (as a pseudo-label's box is around all its foreground), before
   * any crop geometry; a question without a region is a miss.
   */
  public static Localisation roiLocalisation(Split split, List<float[]> maps, RoiSelector selector,
      int grid, int viewSize) {
    if (maps.size() != split.samples().size()) {
      throw new IllegalArgumentException(maps.size() + " maps for " + split.samples().size() + " questions");
    }
    return gridBoxLocalisation(split, i -> {
      RoiDecision decision = selector.decide(maps.get(i), grid, grid);
      return decision.hasRoi() ? decision.box() : null;
    }, grid, viewSize);
  }

  /** Boxes on the global grid of each question ({@code null}: none, a miss) against the objects. */
  private static Localisation gridBoxLocalisation(Split split, IntFunction<GridBox> boxOf, int grid,
      int viewSize) {
    Localisation out = new Localisation();
    for (int i = 0; i < split.samples().size(); i++) {
      VqaSample s = split.samples().get(i);
      if (s.box() == null) {
        continue;
      }
      GridBox box = boxOf.apply(i);
      BufferedImage image = split.image(i);
      out.add(box == null ? null : new GridGeometry(
          ViewTransform.letterbox(image.getWidth(), image.getHeight(), viewSize), grid, grid)
          .toSource(box), s.box());
    }
    return out;
  }

  /** Accuracy and speed of one method. */
  public static final class MethodScore {
    /** A fine-grained answer that looked at a crop whose box holds the object's centre. */
    public static final String CROP_ON_OBJECT = "crop_on_object";
    /** A fine-grained answer that looked at a crop whose box misses the object's centre. */
    public static final String CROP_OFF_OBJECT = "crop_off_object";
    /** A fine-grained answer without a crop (plain, or the fallback). */
    public static final String NO_CROP = "no_crop";

    final Map<QuestionKind, int[]> byKind = new LinkedHashMap<>();
    final Map<String, int[]> byTemplate = new LinkedHashMap<>();
    /** Fine-grained questions by where the answer looked: {@link #CROP_ON_OBJECT}... */
    final Map<String, int[]> fineByCrop = new LinkedHashMap<>();
    /** Whether each fine-grained question was answered right, in the split's order. */
    final List<Boolean> fineRight = new ArrayList<>();
    final Localisation localisation = new Localisation();
    double seconds;
    int answers;
    final Map<Answer.Mode, Integer> modes = new LinkedHashMap<>();
    final double[] phaseMs = new double[5];

    void add(VqaSample sample, Answer answer) {
      boolean right = answer.text().equals(sample.answer());
      count(byKind.computeIfAbsent(sample.kind(), k -> new int[2]), right);
      count(byTemplate.computeIfAbsent(sample.template(), k -> new int[2]), right);
      if (sample.kind() == QuestionKind.FINE) {
        count(fineByCrop.computeIfAbsent(cropOutcome(sample, answer), k -> new int[2]), right);
        fineRight.add(right);
      }
      modes.merge(answer.mode(), 1, Integer::sum);
      answers++;
    }

    /**
     * {@link #NO_CROP} when the answer has no box, {@link #CROP_ON_OBJECT} when a box contains the
     * referenced object's centre, else {@link #CROP_OFF_OBJECT}.
     */
    private static String cropOutcome(VqaSample sample, Answer answer) {
      if (answer.boxes().isEmpty()) {
        return NO_CROP;
      }
      Box object = sample.box();
      boolean on = object != null && answer.boxes().stream()
          .anyMatch(box -> box.contains(object.centreX(), object.centreY()));
      return on ? CROP_ON_OBJECT : CROP_OFF_OBJECT;
    }

    private static void count(int[] c, boolean right) {
      c[0] += right ? 1 : 0;
      c[1]++;
    }

    /** Percent right among {@code kind} questions. */
    public double accuracy(QuestionKind kind) {
      int[] c = byKind.getOrDefault(kind, new int[2]);
      return c[1] == 0 ? 0 : 100.0 * c[0] / c[1];
    }

    /** Answers per second of wall time. */
    public double answersPerSecond() {
      return seconds == 0 ? 0 : answers / seconds;
    }
  }

  /**
   * Runs every method on the same batches of {@code split}, one method after the other per batch
   * (so machine noise hits all alike), and scores them. Boxes of methods that crop are scored
   * against the referenced objects.
   */
  public static Map<String, MethodScore> compare(Map<String, Answerer> methods, Split split,
      int batch, PrintStream log) {
    Map<String, MethodScore> scores = new LinkedHashMap<>();
    methods.keySet().forEach(name -> scores.put(name, new MethodScore()));
    int n = split.samples().size();
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      List<Query> queries = new ArrayList<>();
      for (int i = from; i < to; i++) {
        queries.add(split.query(i));
      }
      for (Map.Entry<String, Answerer> method : methods.entrySet()) {
        long started = System.nanoTime();
        List<Answer> answers = method.getValue().answer(queries);
        MethodScore score = scores.get(method.getKey());
        score.seconds += (System.nanoTime() - started) / 1e9;
        Answer.Timings t = answers.get(0).timings();
        double[] phases = {t.encodeMs(), t.rpnMs(), t.cropEncodeMs(), t.answerMs(), t.totalMs()};
        for (int p = 0; p < phases.length; p++) {
          score.phaseMs[p] += phases[p];
        }
        for (int i = from; i < to; i++) {
          VqaSample sample = split.samples().get(i);
          Answer answer = answers.get(i - from);
          score.add(sample, answer);
          if (sample.box() != null) {
            score.localisation.add(answer.boxes().isEmpty() ? null : answer.boxes().get(0),
                sample.box());
          }
        }
      }
      progress(log, "compare", to, n);
    }
    return scores;
  }

  private static void progress(PrintStream log, String what, int done, int total) {
    if (done == total || done % 256 < 16) {
      log.printf(Locale.ROOT, "[%s] %d/%d%n", what, done, total);
    }
  }
}
