package io.roistream.model.tools;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roistream.model.answer.Answer;
import io.roistream.model.answer.Answerer;
import io.roistream.model.answer.AttentionCropAnswerer;
import io.roistream.model.answer.OracleCropAnswerer;
import io.roistream.model.answer.PlainAnswerer;
import io.roistream.model.answer.Query;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.answer.RpnRoiAnswerer;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.training.SceneViews;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.evaluation.EvaluationReport;
import io.roistream.model.evaluation.SdRpnEvaluation;
import io.roistream.model.image.Overlay;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.roi.CropGeometry;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.CropSpec;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnConfig;
import io.roistream.model.rpn.RpnExample;
import io.roistream.model.rpn.RpnTrainer;
import io.roistream.model.rpn.ThresholdSelection;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: labels a training folder with the frozen backbone (no ground truth), trains
 * the RPN on the kept pseudo-labels (a seeded tenth held back for validation), then answers a
 * held-out folder with plain, attention crop, RPN-RoI and oracle crop side by side; writes
 * evaluation.json, evaluation.md, evaluation.png and overlay pictures. Any folder in the data
 * set's format works (images + questions.jsonl); boxes are needed only for localisation and the
 * oracle.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Train the RPN on pseudo-labels and compare plain / attention crop / RPN-RoI /"
        + " oracle on a held-out folder.")
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--train-data", required = true, description = "Folder the RPN learns from.")
  Path trainData;

  @Option(names = "--test-data", required = true, description = "Held-out folder.")
  Path testData;

  @Option(names = "--out", required = true, description = "Folder for the report files.")
  Path out;

  @Option(names = "--backbone", description = "Backbone folder; default: the shipped one.")
  Path backbone;

  @Option(names = "--train-limit", defaultValue = "0", description = "Most training questions.")
  int trainLimit;

  @Option(names = "--test-limit", defaultValue = "0", description = "Most test questions.")
  int testLimit;

  @Option(names = "--batch", defaultValue = "16", description = "Batch size of every method.")
  int batch;

  @Option(names = "--epochs", defaultValue = "4")
  int epochs;

  @Option(names = "--lr", defaultValue = "1e-3")
  float learningRate;

  @Option(names = "--roi-threshold", description = "Fixed RoI threshold tau; default: chosen"
      + " on the held-back pseudo-labels (ThresholdSelection), never on the test folder.")
  Double roiThreshold;

  @Option(names = "--crop-centring", defaultValue = "PROBABILITY_CENTROID",
      description = "Where one-region RoI crops are centred: PROBABILITY_CENTROID (default) or BOX"
          + " (the reference).")
  CropGeometry.Centring centring;

  @Option(names = "--crop-max-side-cells", defaultValue = "" + CropGeometry.DEFAULT_MAX_SIDE_CELLS,
      description = "Largest side of a one-region RoI crop in grid cells, around its centre (default"
          + " ${DEFAULT-VALUE}; 0: the whole box, the reference).")
  double cropMaxSideCells;

  @Option(names = "--multi-region", defaultValue = "ATTENDED_REGION",
      description = "What a RoI of several regions crops, as a one-region crop: ATTENDED_REGION"
          + " (default; the region the frozen backbone attends to most from the prompt's last token)"
          + " or STRONGEST_REGION (the one with the most of the RoI map's probability); or MASK (the"
          + " reference: the box around all of them, with the crop tokens under their cells).")
  CropGeometry.MultiRegion multiRegion;

  @Option(names = "--grown-side", defaultValue = "" + RoiConfig.DEFAULT_GROWN_SIDE,
      description = "Side in cells that RoI regions under 4 cells grow to, for the RPN-RoI and the"
          + " attention crop alike (the reference: 3).")
  int grownSide;

  @Option(names = "--min-region-cells", defaultValue = "" + RoiConfig.DEFAULT_MIN_REGION_CELLS,
      description = "Smallest RoI region kept, in cells, for the RPN-RoI and the attention crop alike"
          + " (the reference: 2, single cells are dropped).")
  int minRegionCells;

  @Option(names = "--twig-layers", description = "RPN twig depth T, ending at the grounding layer;"
      + " default: RpnConfig.endingAtGroundingLayer's.")
  Integer twigLayers;

  @Option(names = "--overlays", defaultValue = "12", description = "Overlay pictures to write.")
  int overlays;

  @Option(names = "--seed", defaultValue = "17")
  long seed;

  @Mixin
  EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    Device device = engine.configure(seed);
    Files.createDirectories(out);
    Map<String, Object> report = new LinkedHashMap<>();
    try (DjlBackbone model = backbone == null ? DefaultBackbone.load(device)
        : DefaultBackbone.load(backbone, device)) {
      BackboneManifest manifest = backbone == null ? DefaultBackbone.manifest()
          : BackboneManifest.read(backbone.resolve(BackboneManifest.FILE));
      int grid = model.config().gridSize();
      int size = model.config().imageSize();
      PseudoLabeler labeler = PseudoLabeler.of(model, manifest);
      QuestionEncoder encoder = new QuestionEncoder(new Vocabulary(),
          labeler.maxQuestionTokens());
      SdRpnEvaluation.Split train = SdRpnEvaluation.Split.read(trainData, trainLimit);
      SdRpnEvaluation.Split test = SdRpnEvaluation.Split.read(testData, testLimit);

      long started = System.nanoTime();
      List<PseudoLabeler.Teaching> teachings = SdRpnEvaluation.teach(labeler, train, batch,
          System.out);
      double labelSeconds = seconds(started);
      int groundingLayer = labeler.selection().layer();
      RpnConfig rpnConfig = (twigLayers == null ? RpnConfig.endingAtGroundingLayer(groundingLayer)
          : RpnConfig.endingAtGroundingLayer(groundingLayer, twigLayers))
          .checkFits(model.config());
      started = System.nanoTime();
      List<RpnExample> examples = SdRpnEvaluation.examples(model, rpnConfig.branchLayer(), train,
          teachings, i -> encoder.encode(train.samples().get(i).question()), batch);
      double featureSeconds = seconds(started);
      List<RpnExample> shuffled = new ArrayList<>(examples);
      Collections.shuffle(shuffled, new Random(seed));
      int held = Math.max(1, shuffled.size() / 10);
      List<RpnExample> validation = shuffled.subList(0, held);
      List<RpnExample> fit = shuffled.subList(held, shuffled.size());
      RpnTrainer.Options options = new RpnTrainer.Options(epochs, 32, learningRate, 0.05, seed);
      RpnTrainer trainer = new RpnTrainer(options);
      try (Rpn rpn = Rpn.twigInit(model, rpnConfig)) {
        RpnTrainer.Validation before = trainer.validate(rpn, validation, grid * grid);
        RpnTrainer.Report trained = trainer.train(rpn, fit, validation, grid * grid, System.out);

        List<PseudoLabeler.Teaching> testTeachings = SdRpnEvaluation.teach(labeler, test, batch,
            System.out);
        SdRpnEvaluation.Localisation labels = SdRpnEvaluation.labelLocalisation(test,
            testTeachings, grid, size);
        CropPlanner planner = new CropPlanner(CropSpec.forBackbone(model.config()),
            new CropGeometry(centring, cropMaxSideCells, multiRegion));
        int maxTokens = PseudoLabeler.MAX_ANSWER_TOKENS;
        RoiConfig roiConfig = RoiConfig.defaults().withGrownSide(grownSide)
            .withMinRegionCells(minRegionCells);
        Map<String, Answerer> methods = new LinkedHashMap<>();
        methods.put("plain", new PlainAnswerer(model, encoder, maxTokens));
        methods.put("attention_crop", new AttentionCropAnswerer(model, labeler.selection(),
            labeler.rules(), new RoiSelector(roiConfig.withThreshold(
                labeler.rules().config().foregroundRatio())), planner, encoder, maxTokens));
        ThresholdSelection.Choice tau = ThresholdSelection.choose(rpn, validation, grid,
            roiConfig, roiThreshold == null ? ThresholdSelection.CANDIDATES
                : new double[] {roiThreshold});
        RoiSelector rpnSelector = new RoiSelector(roiConfig.withThreshold(tau.threshold()));
        RpnRoiAnswerer rpnRoi = new RpnRoiAnswerer(model, rpn, rpnSelector, planner, encoder,
            maxTokens);
        List<float[]> rpnMaps = new ArrayList<>();
        methods.put("rpn_roi", queries -> {
          List<Answer> answers = rpnRoi.answer(queries);
          answers.forEach(a -> rpnMaps.add(a.heatMap()));
          return answers;
        });
        methods.put("oracle_crop", new OracleCropAnswerer(model, encoder, maxTokens,
            SceneViews.MIN_CROP_SIDE));
        Map<String, SdRpnEvaluation.MethodScore> scores = SdRpnEvaluation.compare(methods, test,
            batch, System.out);
        writeOverlays(rpnRoi, test, grid, size);

        report.put("methods", EvaluationReport.methods(scores));
        report.put("paired_fine", EvaluationReport.pairedFine(scores, "rpn_roi"));
        report.put("pseudo_label", Map.of("hit_rate", round(labels.hitRate()),
            "mean_iou", round3(labels.meanIou()), "samples", labels.samples(),
            "kept_share_train", round(100.0 * examples.size() / teachings.size())));
        SdRpnEvaluation.Localisation rpnBoxes = SdRpnEvaluation.roiLocalisation(test, rpnMaps,
            rpnSelector, grid, size);
        SdRpnEvaluation.Localisation cropBoxes = EvaluationReport.localisation(scores, "rpn_roi");
        report.put("rpn", Map.ofEntries(Map.entry("hit_rate", round(rpnBoxes.hitRate())),
            Map.entry("mean_iou", round3(rpnBoxes.meanIou())),
            Map.entry("samples", rpnBoxes.samples()),
            Map.entry("K", rpnConfig.branchLayer()), Map.entry("T", rpnConfig.twigLayers()),
            Map.entry("params", rpn.parameterCount()),
            Map.entry("train_seconds", round(trained.seconds())), Map.entry("steps", trained.steps()),
            Map.entry("validation_top_cell_in_foreground", Map.of(
                "twig_init", round3(before.topCellInForeground()),
                "trained", round3(trained.validation().topCellInForeground()))),
            Map.entry("validation_loss", Map.of("twig_init", round3(before.loss()),
                "trained", round3(trained.validation().loss())))));
        report.put("rpn_crop", Map.of("hit_rate", round(cropBoxes.hitRate()),
            "mean_iou", round3(cropBoxes.meanIou()), "samples", cropBoxes.samples()));
        report.put("training", Map.of("train_questions", teachings.size(),
            "kept_labels", examples.size(), "validation_labels", validation.size(),
            "label_seconds", round(labelSeconds), "feature_seconds", round(featureSeconds),
            "epochs", epochs, "batch", 32, "lr", learningRate,
            "optimizer", "Adam(W) (0.9, 0.98), weight decay 0, 5% warm-up, cosine to a tenth"));
        report.put("backbone", Map.of("name", manifest.name(), "sha256", manifest.sha256(),
            "params", manifest.parameters(), "grounding_layer", labeler.selection().layer()));
        report.put("roi", Map.of("rpn_threshold", tau.threshold(),
            "rpn_threshold_choice", "mean grid IoU of RoI boxes with the held-back"
                + " pseudo-labels' boxes per candidate: " + tau.meanIouByThreshold(),
            "crop_centring", centring.name(), "crop_max_side_cells", cropMaxSideCells,
            "crop_multi_region", multiRegion.name(),
            "grown_side_cells", grownSide, "min_region_cells", minRegionCells,
            "attention_threshold_share_of_peak", labeler.rules().config().foregroundRatio()));
        report.put("data", Map.of("train", trainData.toString(), "test", testData.toString(),
            "test_questions", test.samples().size(), "batch", batch,
            "machine", Runtime.getRuntime().availableProcessors() + " cores, " + engine.threads
                + " PyTorch threads, " + engine.device));
      }
    }
    EvaluationReport.write(report, out);
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(report.get("methods")));
    return 0;
  }

  private void writeOverlays(RpnRoiAnswerer rpnRoi, SdRpnEvaluation.Split test, int grid,
      int size) throws java.io.IOException {
    Path folder = out.resolve("evaluation-overlays");
    Files.createDirectories(folder);
    List<Query> queries = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < test.samples().size() && queries.size() < overlays; i++) {
      if (test.samples().get(i).kind() == QuestionKind.FINE) {
        queries.add(test.query(i));
        rows.add(i);
      }
    }
    if (queries.isEmpty()) {
      return;
    }
    List<Answer> answers = rpnRoi.answer(queries);
    StringBuilder index = new StringBuilder("# Overlays: RPN-RoI box (green) and heat map (red)\n\n");
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      var sample = test.samples().get(rows.get(i));
      var picture = Overlay.render(queries.get(i).image(), a.heatMap(), grid, size, a.boxes(),
          Color.GREEN);
      String name = String.format(Locale.ROOT, "%02d-%s.png", i,
          sample.question().replaceAll("[^a-z0-9]+", "_"));
      ImageIO.write(picture, "png", folder.resolve(name).toFile());
      index.append(String.format(Locale.ROOT, "- `%s`: %s -> %s (truth %s, %s)%n", name,
          sample.question(), a.text(), sample.answer(), a.mode()));
    }
    Files.writeString(folder.resolve("README.md"), index);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Runs the command. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EvaluateCommand()).execute(args));
  }
}
