package io.roistream.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.roistream.model.answer.Answer;
import io.roistream.model.answer.PlainAnswerer;
import io.roistream.model.answer.Query;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.answer.RpnRoiAnswerer;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.backbone.Generation;
import io.roistream.model.backbone.ImageTokens;
import io.roistream.model.backbone.PartialPass;
import io.roistream.model.backbone.PrefixCache;
import io.roistream.model.backbone.SpecialTokens;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.image.TestImages;
import io.roistream.model.labels.PseudoLabel;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.CropSpec;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RPN, its training, its checkpoint and RoI inference on an untrained tiny backbone (3
 * decoder layers, a 4x4 grid): every property here holds for any weights.
 */
class RpnTest {

  private static final Vocabulary VOCABULARY = new Vocabulary();
  private static final SpecialTokens SPECIAL = new SpecialTokens(0, 1, 2, 5);
  private static final RpnConfig CONFIG = new RpnConfig(1, 2);
  private static DjlBackbone backbone;

  @BeforeAll
  static void load() {
    Engines.configure(1, 7);
    backbone = DjlBackbone.create(BackboneConfig.tiny(VOCABULARY.size()), SPECIAL, 3,
        Device.cpu());
  }

  @AfterAll
  static void close() {
    backbone.close();
  }

  private static int cells() {
    return backbone.config().imageTokens();
  }

  private static List<float[]> views(int n, long seed) {
    Random random = new Random(seed);
    int chw = 3 * backbone.config().imageSize() * backbone.config().imageSize();
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[chw];
      for (int j = 0; j < chw; j++) {
        v[j] = (float) random.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }

  private static List<int[]> questions(int n) {
    String[] texts = {"what is written on the red circle?", "what colour is the square?",
        "what shape is the blue object?", "what is the last digit on the green triangle?"};
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(VOCABULARY.encode(texts[i % texts.length]));
    }
    return out;
  }

  /** Labels with foreground on cell {@code i % cells}, background elsewhere, one cell ignored. */
  private static List<int[]> labels(int n) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] l = new int[cells()];
      l[i % cells()] = PseudoLabel.FOREGROUND;
      l[(i + 1) % cells()] = PseudoLabel.IGNORE;
      out.add(l);
    }
    return out;
  }

  private static List<RpnExample> examples(int n) {
    return RpnFeatures.compute(backbone, CONFIG.branchLayer(), views(n, 11), questions(n),
        labels(n), 3);
  }

  @Test
  void twigInitCopiesTheBackboneLayersIntoIndependentParameters() {
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG)) {
      var whole = backbone.decoderLayer(CONFIG.branchLayer());
      for (String name : whole.parameterNames()) {
        String copy = "twig.0" + name.substring(whole.prefix().length());
        assertArrayEquals(backboneParameter(name), rpn.weights().get(copy).toFloatArray(), copy);
      }
      // of the last twig layer only what the score reads: the input norm, the query/key rows
      var last = backbone.decoderLayer(CONFIG.branchLayer() + 1);
      int d = backbone.config().dModel();
      assertArrayEquals(backboneParameter(last.prefix() + ".ln1.g"),
          rpn.weights().get("twig.1.ln1.g").toFloatArray());
      assertArrayEquals(backboneParameter(last.prefix() + ".ln1.b"),
          rpn.weights().get("twig.1.ln1.b").toFloatArray());
      assertArrayEquals(Arrays.copyOf(backboneParameter(last.prefix() + ".qkv.w"), 2 * d * d),
          rpn.weights().get("twig.1.qk.w").toFloatArray());
      assertArrayEquals(Arrays.copyOf(backboneParameter(last.prefix() + ".qkv.b"), 2 * d),
          rpn.weights().get("twig.1.qk.b").toFloatArray());
      long lastUsed = 2L * d + 2L * d * d + 2L * d;
      assertEquals(rpn.weights().count(), rpn.parameterCount());
      assertEquals(whole.parameterNames().size() + 4, rpn.parameterNames().size());
      assertEquals(lastUsed, rpn.parameterCount() - parameterCount(whole));
    }
  }

  private static long parameterCount(io.roistream.model.backbone.PreNormLayer layer) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        var scratch = new io.roistream.model.backbone.Weights(m)) {
      layer.copyTo(scratch, "x");
      return scratch.count();
    }
  }

  @Test
  void aCheckpointOfFormatOneKeepsTheUsedPartOfItsWholeLastLayer() throws IOException {
    BackboneManifest manifest = new BackboneManifest("tiny", backbone.config(), SPECIAL, "v",
        "w.rsw", "abc", 0, 3, Map.of(), Map.of(), List.of(), null);
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        var written = new io.roistream.model.backbone.Weights(m)) {
      // format 1 wrote every twig layer whole; these weights differ from the twig init
      for (int t = 0; t < CONFIG.twigLayers(); t++) {
        backbone.decoderLayer(CONFIG.branchLayer() + t).copyTo(written, "twig." + t);
      }
      Random random = new Random(5);
      for (var e : written.all().entrySet()) {
        float[] values = e.getValue().toFloatArray();
        for (int i = 0; i < values.length; i++) {
          values[i] += (float) random.nextGaussian() * 0.1f;
        }
        e.getValue().set(values);
      }
      java.io.ByteArrayOutputStream weights = new java.io.ByteArrayOutputStream();
      written.write(weights);
      byte[] file = formatOne(weights.toByteArray());

      try (Rpn loaded = RpnCheckpoint.load(file, RpnCheckpoint.sha256(file), backbone, manifest)) {
        assertEquals(1, RpnCheckpoint.decode(file).version());
        assertArrayEquals(written.get("twig.0.fc1.w").toFloatArray(),
            loaded.weights().get("twig.0.fc1.w").toFloatArray());
        int d = backbone.config().dModel();
        assertArrayEquals(Arrays.copyOf(written.get("twig.1.qkv.w").toFloatArray(), 2 * d * d),
            loaded.weights().get("twig.1.qk.w").toFloatArray());
        assertArrayEquals(written.get("twig.1.ln1.g").toFloatArray(),
            loaded.weights().get("twig.1.ln1.g").toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> loaded.weights().get("twig.1.fc1.w"));
      }
    }
  }

  /** A checkpoint file as format 1 wrote it around {@code weights}. */
  private static byte[] formatOne(byte[] weights) throws IOException {
    RpnCheckpoint.Description description = new RpnCheckpoint.Description(CONFIG.branchLayer(),
        CONFIG.twigLayers(), "tiny", "abc", 0, Map.of(), Map.of(), 1L,
        RpnCheckpoint.sha256(weights));
    byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(description);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream data = new java.io.DataOutputStream(out)) {
      data.writeInt(RpnCheckpoint.MAGIC);
      data.writeInt(1);
      data.writeInt(json.length);
      data.write(json);
      data.write(weights);
    }
    return out.toByteArray();
  }

  private static float[] backboneParameter(String name) {
    var layer = backbone.decoderLayer(Integer.parseInt(name.replaceAll("\\D*(\\d+)\\..*", "$1")));
    // the backbone layer exposes its arrays through a copy into a scratch store
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        var scratch = new io.roistream.model.backbone.Weights(m)) {
      layer.copyTo(scratch, "x");
      return scratch.get("x" + name.substring(layer.prefix().length())).toFloatArray();
    }
  }

  @Test
  void configMustFitTheBackbone() {
    assertThrows(IllegalArgumentException.class,
        () -> new RpnConfig(2, 2).checkFits(backbone.config()));
    assertThrows(IllegalArgumentException.class, () -> new RpnConfig(0, 1));
    assertEquals(new RpnConfig(2, 2), RpnConfig.endingAtGroundingLayer(3));
    assertEquals(new RpnConfig(3, 1), RpnConfig.endingAtGroundingLayer(3, 1));
    assertEquals(new RpnConfig(1, 3), RpnConfig.endingAtGroundingLayer(3, 3));
    assertThrows(IllegalArgumentException.class, () -> RpnConfig.endingAtGroundingLayer(1, 2));
  }

  @Test
  void featuresDropPaddingAndBatchesRestoreTheSameLogits() {
    List<RpnExample> examples = examples(4);
    for (RpnExample e : examples) {
      assertEquals((1 + cells() + e.text().length) * backbone.config().dModel(),
          e.hidden().length);
    }
    List<int[]> qs = questions(4);
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG);
        ImageTokens g = backbone.encodeGlobal(views(4, 11));
        PrefixCache prefix = backbone.prefill(g);
        PartialPass pass = backbone.runUntil(prefix, null, qs, CONFIG.branchLayer());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float[][] direct = rpn.predict(pass);
      RpnFeatures.Batch batch = RpnFeatures.batch(m, examples, cells());
      float[] rebuilt = rpn.logits(m, batch.hidden(), batch.layout()).toFloatArray();
      for (int i = 0; i < 4; i++) {
        for (int c = 0; c < cells(); c++) {
          assertEquals(direct[i][c], rebuilt[i * cells() + c], 1e-4f);
        }
      }
    }
  }

  @Test
  void theBackbonesOwnLayersScoreAsAnUntrainedRpnAndClosingThemLeavesTheBackbone() {
    String probe = backbone.decoderLayer(CONFIG.branchLayer()).prefix() + ".qkv.w";
    float[] before = backboneParameter(probe);
    try (Rpn twig = Rpn.twigInit(backbone, CONFIG);
        ImageTokens g = backbone.encodeGlobal(views(3, 23));
        PrefixCache prefix = backbone.prefill(g);
        PartialPass pass = backbone.runUntil(prefix, null, questions(3), CONFIG.branchLayer())) {
      float[][] untrained = twig.predict(pass);
      try (Rpn frozen = Rpn.ofBackbone(backbone, CONFIG)) {
        assertEquals(0, frozen.parameterCount(), "it owns no parameters");
        float[][] own = frozen.predict(pass);
        for (int i = 0; i < 3; i++) {
          assertArrayEquals(untrained[i], own[i], 1e-6f);
        }
      }
      assertArrayEquals(before, backboneParameter(probe), "closing it left the backbone's layer alone");
      assertArrayEquals(untrained[0], twig.predict(pass)[0], 1e-6f);
    }
  }

  @Test
  void lossIgnoresCellsLabelledIgnore() {
    List<RpnExample> examples = examples(2);
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG);
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      RpnFeatures.Batch batch = RpnFeatures.batch(m, examples, cells());
      var logits = rpn.logits(m, batch.hidden(), batch.layout());
      float base = RpnTrainer.maskedBce(m, logits, examples, cells()).getFloat();
      float[] flat = logits.toFloatArray();
      int ignored = Arrays.stream(examples.get(0).labels()).boxed().toList()
          .indexOf(PseudoLabel.IGNORE);
      flat[ignored] += 50f;
      var moved = m.create(flat, logits.getShape());
      assertEquals(base, RpnTrainer.maskedBce(m, moved, examples, cells()).getFloat(), 1e-5f,
          "a logit of an ignored cell does not enter the loss");
      flat[(ignored + 1) % cells()] += 50f;
      assertNotEquals(base, RpnTrainer.maskedBce(m, m.create(flat, logits.getShape()), examples,
          cells()).getFloat(), 1e-3f);
    }
  }

  @Test
  void trainingLowersTheLossAndLeavesTheBackboneAlone() {
    List<RpnExample> examples = examples(8);
    String probe = backbone.decoderLayer(CONFIG.branchLayer()).prefix() + ".qkv.w";
    float[] before = backboneParameter(probe);
    RpnTrainer trainer = new RpnTrainer(new RpnTrainer.Options(25, 4, 3e-3f, 0.05, 5));
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG)) {
      double initial = trainer.validate(rpn, examples, cells()).loss();
      RpnTrainer.Report report = trainer.train(rpn, examples, examples, cells(),
          new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      assertEquals(50, report.steps());
      assertTrue(report.validation().loss() < 0.8 * initial,
          "loss " + initial + " -> " + report.validation().loss());
      assertArrayEquals(before, backboneParameter(probe), "the backbone stays frozen");
    }
  }

  @Test
  void checkpointRoundTripsAndRefusesTamperedOrForeignFiles() throws IOException {
    BackboneManifest manifest = new BackboneManifest("tiny", backbone.config(), SPECIAL, "v",
        "w.rsw", "abc", 0, 3, Map.of(), Map.of(), List.of(), null);
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG)) {
      byte[] file = RpnCheckpoint.encode(rpn, manifest, Map.of("loss", 0.5),
          Map.of("epochs", "1"), 42L);
      String sha = RpnCheckpoint.sha256(file);
      RpnCheckpoint.Description d = RpnCheckpoint.decode(file).description();
      assertEquals(CONFIG, d.config());
      assertEquals("abc", d.backboneSha256());
      assertEquals(0.5, d.metrics().get("loss"));
      List<float[]> v = views(2, 3);
      try (Rpn loaded = RpnCheckpoint.load(file, sha, backbone, manifest);
          ImageTokens g = backbone.encodeGlobal(v);
          PrefixCache prefix = backbone.prefill(g);
          PartialPass pass = backbone.runUntil(prefix, null, questions(2), 1)) {
        assertArrayEquals(rpn.predict(pass)[1], loaded.predict(pass)[1], 0f);
      }
      byte[] tampered = file.clone();
      tampered[tampered.length - 3] ^= 1;
      assertThrows(IOException.class, () -> RpnCheckpoint.load(tampered, sha, backbone, manifest));
      assertThrows(IOException.class, () -> RpnCheckpoint.decode(tampered));
      BackboneManifest other = new BackboneManifest("tiny", backbone.config(), SPECIAL, "v",
          "w.rsw", "def", 0, 3, Map.of(), Map.of(), List.of(), null);
      IOException foreign = assertThrows(IOException.class,
          () -> RpnCheckpoint.load(file, sha, backbone, other));
      assertTrue(foreign.getMessage().contains("trained on backbone"), foreign.getMessage());
      assertThrows(IOException.class, () -> RpnCheckpoint.decode(new byte[] {1, 2, 3}));
    }
  }

  @Test
  void finishingSomeRowsOfAPartialPassEqualsAFullRecompute() {
    List<float[]> v = views(3, 21);
    List<int[]> qs = questions(3);
    try (ImageTokens g = backbone.encodeGlobal(v);
        PrefixCache prefix = backbone.prefill(g);
        PartialPass pass = backbone.runUntil(prefix, null, qs, 1);
        PartialPass subset = pass.rows(2, 0)) {
      Generation partial = backbone.finish(subset, 3);
      try (ImageTokens g2 = backbone.encodeGlobal(List.of(v.get(2), v.get(0)));
          PrefixCache fresh = backbone.prefill(g2)) {
        Generation full = backbone.generate(fresh, null, List.of(qs.get(2), qs.get(0)), 3);
        assertArrayEquals(full.tokens()[0], partial.tokens()[0]);
        assertArrayEquals(full.tokens()[1], partial.tokens()[1]);
        assertArrayEquals(full.attention()[1][0][2][1], partial.attention()[1][0][2][1], 1e-5f);
      }
    }
  }

  @Test
  void keepingEveryCropTokenEqualsNoMaskAndBadMasksAreRefused() {
    List<float[]> v = views(2, 31);
    int n = backbone.config().cropTokens();
    int[] all = IntStream.range(0, n).toArray();
    try (ImageTokens g = backbone.encodeGlobal(v);
        PrefixCache prefix = backbone.prefill(g);
        ImageTokens crops = backbone.encodeCrops(v);
        ImageTokens kept = backbone.encodeCrops(v, List.of(all, all));
        ImageTokens some = backbone.encodeCrops(v, List.of(new int[] {0}, all))) {
      Generation a = backbone.generate(prefix, crops, questions(2), 2);
      Generation b = backbone.generate(prefix, kept, questions(2), 2);
      assertArrayEquals(a.attention()[0][0][1][0], b.attention()[0][0][1][0], 1e-6f);
      assertFalse(some.kept(0)[1]);
      assertTrue(some.kept(1)[1]);
      Generation c = backbone.generate(prefix, some, questions(2), 2);
      assertArrayEquals(a.attention()[1][0][1][0], c.attention()[1][0][1][0], 1e-6f,
          "a full mask on row 1 is unaffected by row 0's mask");
    }
    assertThrows(IllegalArgumentException.class,
        () -> backbone.encodeCrops(v, List.of(new int[0], all)));
    assertThrows(IllegalArgumentException.class,
        () -> backbone.encodeCrops(v, List.of(new int[] {n}, all)));
  }

  @Test
  void roiAnswersFallBackWithoutRecomputingAndCropWhenARegionIsFound() {
    List<Query> queries = new ArrayList<>();
    String[] texts = {"what is written on the red circle?", "what colour is the square?",
        "what shape is the blue object?"};
    for (int i = 0; i < 3; i++) {
      queries.add(Query.of(TestImages.rectangles(i), texts[i]));
    }
    QuestionEncoder encoder = new QuestionEncoder(VOCABULARY, 12);
    int side = backbone.config().gridSize() / backbone.config().cropPool();
    CropPlanner planner = new CropPlanner(CropSpec.of(backbone.config().imageSize(), side));
    List<Answer> plain = new PlainAnswerer(backbone, encoder, 3).answer(queries);
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG)) {
      // threshold near 1 on an untrained RPN: no region survives, every answer is the fallback
      List<Answer> none = new RpnRoiAnswerer(backbone, rpn,
          new RoiSelector(RoiConfig.defaults().withThreshold(0.999)), planner, encoder, 3)
          .answer(queries);
      for (int i = 0; i < 3; i++) {
        assertEquals(Answer.Mode.FALLBACK, none.get(i).mode());
        assertEquals(plain.get(i).text(), none.get(i).text(), "fallback = plain answer");
        assertTrue(none.get(i).boxes().isEmpty());
        assertEquals(cells(), none.get(i).heatMap().length);
      }
      // where a region survives, the answer read a crop and carries its source box
      List<Answer> low = new RpnRoiAnswerer(backbone, rpn,
          new RoiSelector(RoiConfig.defaults().withThreshold(0.5)), planner, encoder, 3)
          .answer(queries);
      assertEquals(3, low.size());
      for (Answer a : low) {
        if (a.mode() == Answer.Mode.RPN) {
          assertEquals(1, a.boxes().size());
          assertTrue(a.boxes().get(0).width() > 0);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> encoder.encode("   "));
    assertThrows(IllegalArgumentException.class, () -> encoder.encode("zebra giraffe"));
    assertThrows(IllegalArgumentException.class,
        () -> encoder.encode("what ".repeat(13) + "?"));
  }

  @Test
  void thresholdSelectionScoresEveryCandidateAgainstTheLabelBoxes() {
    List<RpnExample> examples = examples(6);
    try (Rpn rpn = Rpn.twigInit(backbone, CONFIG)) {
      ThresholdSelection.Choice choice = ThresholdSelection.choose(rpn, examples,
          backbone.config().gridSize(), RoiConfig.defaults(), ThresholdSelection.CANDIDATES);
      assertEquals(ThresholdSelection.CANDIDATES.length, choice.meanIouByThreshold().size());
      assertTrue(choice.meanIouByThreshold().containsKey(choice.threshold()));
      assertTrue(choice.meanIouByThreshold().values().stream().allMatch(v -> v >= 0 && v <= 1),
          "mean IoUs: " + choice.meanIouByThreshold());
      assertThrows(IllegalArgumentException.class, () -> ThresholdSelection.choose(rpn, examples,
          backbone.config().gridSize(), RoiConfig.defaults(), new double[] {0.3, 0.2}));
    }
    int[] labels = new int[16];
    labels[5] = PseudoLabel.FOREGROUND;
    labels[10] = PseudoLabel.FOREGROUND;
    var box = ThresholdSelection.foregroundBox(labels, 4);
    assertEquals(new io.roistream.model.labels.GridBox(1, 1, 3, 3), box);
    assertEquals(1.0, ThresholdSelection.iou(box, box), 1e-9);
    assertEquals(0.25, ThresholdSelection.iou(box, io.roistream.model.labels.GridBox.cell(1, 1)),
        1e-9);
  }
}
