package io.roistream.model.backbone.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.roistream.model.backbone.AdamUpdater;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneNet;
import io.roistream.model.backbone.KvCache;
import io.roistream.model.backbone.Ops;
import io.roistream.model.backbone.TextRows;
import io.roistream.model.backbone.TokenLayout;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.QuestionTemplate;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.data.VqaSample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Stage B: the projector and decoder on the frozen encoder, with features precomputed once
 * ({@link FeatureBank}). Each step packs several questions per image: the image prefix runs
 * once and its keys/values serve every question (outputs identical to separate runs, as in
 * inference). Questions come with the referenced object's crop (jittered), another crop, or none,
 * so the model learns to read a closer look when it is the right one. An auxiliary loss pulls the
 * grounding layer's attention from the assistant tag onto the referenced object's cells (ground
 * truth shapes the backbone here, never the RPN). The first {@code curriculum} share of steps uses
 * 3-object scenes and referring-heavy questions; the learning rate stays constant, then decays.
 */
public final class DecoderPretraining {

  /** Scene seeds of the decoder stage start here. */
  public static final long SCENE_SEED_BASE = 20_000_000L;
  /** Text slot length: question, assistant tag and answer, left-padded. */
  public static final int TEXT_LENGTH = 12;

  /**
   * Stage settings.
   *
   * @param steps optimisation steps
   * @param scenes scenes in the feature bank
   * @param imagesPerStep images per step
   * @param questionsPerImage questions packed per image
   * @param learningRate peak learning rate
   * @param attentionLoss weight of the auxiliary attention loss
   * @param groundingLayer decoder layer whose attention the auxiliary loss shapes
   * @param curriculum share of steps on the curriculum
   * @param seed data seed
   * @param checkpointEvery steps between checkpoints
   * @param logEvery steps between progress lines
   * @param name checkpoint name of the run ("decoder", "tune")
   * @param mix template weights after the curriculum
   * @param constantShare share of the steps at the peak rate before the cosine decay
   * @param roiShapedShare share of the feature bank's object crops shaped like RoI boxes
   */
  public record Options(int steps, int scenes, int imagesPerStep, int questionsPerImage,
      float learningRate, float attentionLoss, int groundingLayer, double curriculum, long seed,
      int checkpointEvery, int logEvery, String name, Map<QuestionTemplate, Double> mix,
      double constantShare, double roiShapedShare) {}

  /**
   * Template weights of stage B's main phase (label_check stayed at chance, so the tuning stage
   * replaces it).
   */
  public static Map<QuestionTemplate, Double> mainMix() {
    Map<QuestionTemplate, Double> mix = new LinkedHashMap<>();
    mix.put(QuestionTemplate.LABEL, 2.5);
    mix.put(QuestionTemplate.LABEL_CHECK, 2.0);
    mix.put(QuestionTemplate.COLOUR_OF_SHAPE, 2.5);
    mix.put(QuestionTemplate.SHAPE_OF_COLOUR, 2.5);
    return mix;
  }

  /** Template weights of the tuning stage: label_check replaced by last_digit. */
  public static Map<QuestionTemplate, Double> tuningMix() {
    Map<QuestionTemplate, Double> mix = new LinkedHashMap<>();
    mix.put(QuestionTemplate.LABEL, 2.5);
    mix.put(QuestionTemplate.LAST_DIGIT, 2.5);
    mix.put(QuestionTemplate.COLOUR_OF_SHAPE, 2.5);
    mix.put(QuestionTemplate.SHAPE_OF_COLOUR, 2.5);
    return mix;
  }

  /** Template weights of the referring-heavy curriculum. */
  public static Map<QuestionTemplate, Double> curriculumMix() {
    Map<QuestionTemplate, Double> mix = new LinkedHashMap<>();
    mix.put(QuestionTemplate.LABEL, 1.0);
    mix.put(QuestionTemplate.LABEL_CHECK, 0.5);
    mix.put(QuestionTemplate.COLOUR_OF_SHAPE, 3.0);
    mix.put(QuestionTemplate.SHAPE_OF_COLOUR, 3.0);
    return mix;
  }

  private final BackboneNet net;
  private final SceneGenerator scenes;
  private final Vocabulary vocabulary;
  private final Options options;
  private final PrintStream log;

  /** Creates the stage. */
  public DecoderPretraining(BackboneNet net, SceneGenerator scenes, Vocabulary vocabulary,
      Options options, PrintStream log) {
    this.net = net;
    this.scenes = scenes;
    this.vocabulary = vocabulary;
    this.options = options;
    this.log = log;
  }

  /** One packed question. */
  record Question(int image, int scene, VqaSample sample, int cropRow, int[] text, int answer) {}

  /** One step's data. */
  record Step(int[] sceneIndex, List<Question> withCrop, List<Question> withoutCrop) {}

  Step step(FeatureBank bank, int[] fewObjectScenes, int step) {
    SplittableRandom random = new SplittableRandom(options.seed() * 1_000_033L + step);
    boolean early = step < options.curriculum() * options.steps();
    Map<QuestionTemplate, Double> mix = early ? curriculumMix() : options.mix();
    int[] chosen = new int[options.imagesPerStep()];
    List<Question> withCrop = new ArrayList<>();
    List<Question> withoutCrop = new ArrayList<>();
    int assistant = vocabulary.id(Vocabulary.ASSISTANT);
    for (int i = 0; i < chosen.length; i++) {
      int s = early && fewObjectScenes.length > 0
          ? fewObjectScenes[random.nextInt(fewObjectScenes.length)]
          : random.nextInt(bank.size());
      chosen[i] = s;
      FeatureBank.SceneInfo info = bank.scene(s);
      for (VqaSample q : sample(info, mix, options.questionsPerImage(), random)) {
        int[] question = vocabulary.encode(q.question());
        int[] text = new int[question.length + 2];
        System.arraycopy(question, 0, text, 0, question.length);
        text[question.length] = assistant;
        int answer = vocabulary.id(q.answer());
        text[question.length + 1] = answer;
        double own = q.kind() == QuestionKind.FINE ? 0.55 : 0.15;
        double u = random.nextDouble();
        int cropSlot = -1;
        if (q.objectId() >= 0 && u < own) {
          cropSlot = q.objectId();
        } else if (u < own + 0.1) {
          int filled = info.objects().size() + 1;
          int other = random.nextInt(filled);
          if (other != q.objectId()) {
            cropSlot = other == info.objects().size() ? bank.slots - 1 : other;
          }
        }
        if (cropSlot >= 0) {
          withCrop.add(new Question(i, s, q, s * bank.slots + cropSlot, text, answer));
        } else {
          withoutCrop.add(new Question(i, s, q, -1, text, answer));
        }
      }
    }
    return new Step(chosen, withCrop, withoutCrop);
  }

  private static List<VqaSample> sample(FeatureBank.SceneInfo info,
      Map<QuestionTemplate, Double> mix, int count, SplittableRandom random) {
    Map<QuestionTemplate, List<VqaSample>> pool = new EnumMap<>(QuestionTemplate.class);
    mix.forEach((t, w) -> {
      List<VqaSample> c = info.candidates().get(t);
      if (w > 0 && c != null && !c.isEmpty()) {
        pool.put(t, new ArrayList<>(c));
      }
    });
    List<VqaSample> out = new ArrayList<>();
    while (out.size() < count && !pool.isEmpty()) {
      double total = pool.keySet().stream().mapToDouble(mix::get).sum();
      double point = random.nextDouble() * total;
      QuestionTemplate pick = null;
      for (QuestionTemplate t : pool.keySet()) {
        pick = t;
        point -= mix.get(t);
        if (point < 0) {
          break;
        }
      }
      List<VqaSample> c = pool.get(pick);
      out.add(c.remove(random.nextInt(c.size())));
      if (c.isEmpty()) {
        pool.remove(pick);
      }
    }
    return out;
  }

  /** Builds the feature bank, then runs (or resumes) the stage. */
  public Checkpoint run(NDManager manager, Path dir) throws IOException {
    Checkpoint resumed = Checkpoint.find(dir, options.name());
    if (resumed != null && resumed.step() >= options.steps()) {
      net.weights().load(Checkpoint.weightsFile(dir, options.name()), false);
      return resumed;
    }
    long started = System.nanoTime();
    try (FeatureBank bank = FeatureBank.build(manager, net, scenes, SCENE_SEED_BASE,
        options.scenes(), scenes.config().maxObjects(), options.seed(), options.roiShapedShare(),
        log)) {
      double bankSeconds = (System.nanoTime() - started) / 1e9;
      return train(manager, dir, bank, resumed, bankSeconds);
    }
  }

  private Checkpoint train(NDManager manager, Path dir, FeatureBank bank, Checkpoint resumed,
      double bankSeconds) throws IOException {
    int start = 0;
    double spent = bankSeconds;
    if (resumed != null) {
      // partial: a checkpoint from before the crop label evidence existed still resumes
      net.weights().load(Checkpoint.weightsFile(dir, options.name()), true);
      start = resumed.step();
      spent += resumed.seconds();
      log.printf(Locale.ROOT, "[" + options.name() + "] resuming at step %d (%.0f s spent)%n", start, spent);
    }
    int[] few = IntStream.range(0, bank.size())
        .filter(i -> bank.scene(i).objects().size() <= 3).toArray();
    AdamUpdater adam = new AdamUpdater(net.weights(), net.decoderParameterNames(), 1f);
    Schedule schedule = new Schedule(options.learningRate(), 50, options.constantShare(),
        options.steps());
    Progress progress = new Progress(options.name(), start, options.steps(), options.logEvery(), log);
    Stats stats = new Stats();
    Checkpoint last = resumed;
    for (int step = start; step < options.steps(); step++) {
      Step data = step(bank, few, step);
      adam.learningRate(schedule.at(step));
      float[] attention = new float[1];
      float loss = adam.step(() -> loss(manager, bank, data, stats, attention));
      stats.loss = stats.loss == 0 ? loss : 0.95 * stats.loss + 0.05 * loss;
      stats.attention = stats.attention == 0 ? attention[0]
          : 0.95 * stats.attention + 0.05 * attention[0];
      progress.step(step + 1, stats.line() + String.format(Locale.ROOT, " lr %.1e",
          schedule.at(step)));
      if ((step + 1) % options.logEvery() == 0) {
        stats.resetCounts();
      }
      if ((step + 1) % options.checkpointEvery() == 0 || step + 1 == options.steps()) {
        last = new Checkpoint(options.name(), step + 1, spent + progress.elapsedSeconds());
        last.save(dir, net.weights());
      }
    }
    return last;
  }

  private NDArray loss(NDManager m, FeatureBank bank, Step data, Stats stats,
      float[] attentionOut) {
    BackboneConfig c = net.config();
    int b = data.sceneIndex().length;
    long[] sceneRows = IntStream.of(data.sceneIndex()).asLongStream().toArray();
    NDArray g = bank.global().get(new NDIndex("{}", m.create(sceneRows)));
    int d = c.dModel();
    NDArray image = net.globalTokens(g.get(new NDIndex(":, :, :" + d)),
        g.get(new NDIndex(":, :, " + d + ":")));
    int bos = vocabulary.id(Vocabulary.BOS);
    NDArray x = NDArrays.concat(new NDList(net.tokenEmbedding(m, bos, b), image), 1);
    TokenLayout prefix = TokenLayout.prefix(b, c.imageTokens());
    BackboneNet.DecoderRun pre = net.runDecoder(m, x, prefix, null, 0, c.decoderLayers(), false);
    NDArray total = null;
    float attentionSum = 0;
    int groups = 0;
    for (List<Question> group : List.of(data.withCrop(), data.withoutCrop())) {
      if (group.isEmpty()) {
        continue;
      }
      boolean crop = group == data.withCrop();
      NDArray[] parts = groupLoss(m, bank, pre, prefix, group, crop, stats);
      total = total == null ? parts[0] : total.add(parts[0]);
      if (parts[1] != null) {
        total = total.add(parts[1].mul(options.attentionLoss()));
        attentionSum += parts[1].getFloat();
        groups++;
      }
    }
    attentionOut[0] = groups == 0 ? 0 : attentionSum / groups;
    return total;
  }

  private NDArray[] groupLoss(NDManager m, FeatureBank bank, BackboneNet.DecoderRun pre,
      TokenLayout prefix, List<Question> group, boolean crop, Stats stats) {
    BackboneConfig c = net.config();
    int n = group.size();
    int d = c.dModel();
    int[] imageOf = group.stream().mapToInt(Question::image).toArray();
    NDArray rows = m.create(IntStream.of(imageOf).asLongStream().toArray());
    List<NDArray> keys = new ArrayList<>();
    List<NDArray> values = new ArrayList<>();
    for (int l = 0; l < c.decoderLayers(); l++) {
      keys.add(pre.keys().get(l).get(new NDIndex("{}", rows)));
      values.add(pre.values().get(l).get(new NDIndex("{}", rows)));
    }
    TokenLayout prefixRows = prefix.rows(imageOf);
    KvCache cache = new KvCache(keys, values, prefixRows);
    TextRows text = TextRows.leftPadded(group.stream().map(Question::text).toList(), TEXT_LENGTH,
        vocabulary.id(Vocabulary.PAD));
    NDArray sx = net.textEmbeddings(m, text.tokens(), text.positions());
    int cropTokens = crop ? c.cropTokens() : 0;
    boolean[] has = new boolean[n];
    java.util.Arrays.fill(has, crop);
    if (crop) {
      long[] cropRows = group.stream().mapToLong(Question::cropRow).toArray();
      NDArray rowsIndex = m.create(cropRows);
      NDArray cr = bank.crops().get(new NDIndex("{}", rowsIndex));
      NDArray ct = net.cropTokens(cr.get(new NDIndex(":, :, :" + d)),
          cr.get(new NDIndex(":, :, " + d + ":")),
          bank.cropLabels().get(new NDIndex("{}", rowsIndex)));
      sx = NDArrays.concat(new NDList(ct, sx), 1);
    }
    TokenLayout full = prefixRows.append(TokenLayout.suffix(cropTokens, has, text));
    BackboneNet.DecoderRun run = net.runDecoder(m, sx, full, cache, 0, c.decoderLayers(), true);
    int s = cropTokens + TEXT_LENGTH;
    NDArray hidden = run.hidden().get(new NDIndex(":, " + (s - 2) + ":" + s + ", :"));
    NDArray logits = net.logits(hidden).reshape(2L * n, c.vocabSize());
    int[] targets = new int[2 * n];
    int eos = vocabulary.id(Vocabulary.EOS);
    for (int i = 0; i < n; i++) {
      targets[2 * i] = group.get(i).answer();
      targets[2 * i + 1] = eos;
    }
    NDArray target = m.create(targets).toType(DataType.INT64, false);
    NDArray answerLoss = Ops.crossEntropy(logits, target, m.ones(new Shape(2L * n)));
    int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
    for (int i = 0; i < n; i++) {
      stats.count(group.get(i).sample().template(), crop, predicted[2 * i] == targets[2 * i]);
    }
    // auxiliary attention loss: assistant tag -> referenced object's cells, grounding layer
    float[] mask = new float[n * c.imageTokens()];
    float[] valid = new float[n];
    for (int i = 0; i < n; i++) {
      VqaSample q = group.get(i).sample();
      if (q.objectId() < 0) {
        continue;
      }
      int[] cells = bank.scene(group.get(i).scene()).cellObjects();
      for (int k = 0; k < cells.length; k++) {
        if (cells[k] == q.objectId()) {
          mask[i * c.imageTokens() + k] = 1f;
          valid[i] = 1f;
        }
      }
    }
    NDArray attentionLoss = null;
    if (options.attentionLoss() > 0) {
      NDArray att = run.attention().get(options.groundingLayer())
          .get(new NDIndex(":, :, " + (s - 2) + ", 1:" + (1 + c.imageTokens())));
      NDArray cellMask = m.create(mask, new Shape(n, 1, c.imageTokens()));
      NDArray mass = att.mul(cellMask).sum(new int[] {2}).add(1e-6f).log().mean(new int[] {1});
      NDArray v = m.create(valid);
      attentionLoss = mass.mul(v).sum().neg().div(v.sum().maximum(1f));
    }
    return new NDArray[] {answerLoss, attentionLoss};
  }

  /** Running accuracy per template, with and without a crop. */
  static final class Stats {
    double loss;
    double attention;
    private final Map<String, int[]> counts = new LinkedHashMap<>();

    void count(String template, boolean crop, boolean hit) {
      int[] c = counts.computeIfAbsent(template + (crop ? "+crop" : ""), k -> new int[2]);
      c[0] += hit ? 1 : 0;
      c[1]++;
    }

    void resetCounts() {
      counts.clear();
    }

    String line() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.3f att %.3f", loss,
          attention));
      counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(
          String.format(Locale.ROOT, " %s %.2f", e.getKey(), (double) e.getValue()[0]
              / Math.max(1, e.getValue()[1]))));
      return sb.toString();
    }
  }
}
