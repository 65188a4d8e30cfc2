package io.roistream.model.tools;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.evaluation.GroundingScan;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate-backbone}: on the held-out test split (scene seeds never trained on), answers
 * fine and coarse questions from the plain prompt and with the oracle crop, measures the chosen
 * grounding heads' localisation, and writes the JSON the backbone issue's gates read.
 */
@Command(name = "evaluate-backbone", mixinStandardHelpOptions = true,
    description = "Evaluate a backbone on the held-out split; writes backbone.json.")
public final class EvaluateBackboneCommand implements Callable<Integer> {

  @Option(names = "--backbone", description = "Folder with manifest.json and weights; default:"
      + " the shipped default backbone.")
  Path backbone;

  @Option(names = "--scenes", defaultValue = "300")
  int scenes;

  @Option(names = "--questions-per-scene", defaultValue = "6")
  int questionsPerScene;

  @Option(names = "--out", required = true, description = "JSON file to write.")
  Path out;

  @Mixin
  EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    Device device = engine.configure(1);
    Vocabulary vocabulary = new Vocabulary();
    BackboneManifest manifest;
    List<ProbeRun.Result> results;
    try (DjlBackbone model = backbone == null ? DefaultBackbone.load(device)
        : DefaultBackbone.load(backbone, device)) {
      manifest = backbone == null ? DefaultBackbone.manifest()
          : BackboneManifest.read(backbone.resolve(BackboneManifest.FILE));
      if (manifest.grounding() == null) {
        throw new IllegalStateException("run scan first: the manifest has no grounding");
      }
      results = ProbeRun.run(model, vocabulary, new SceneGenerator(SceneConfig.defaults()),
          ProbeRun.TEST_SEED_BASE, scenes, questionsPerScene, 32, System.out);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    Predicate<ProbeRun.Result> fine = r -> r.sample().kind() == QuestionKind.FINE;
    Predicate<ProbeRun.Result> coarse = r -> r.sample().kind() == QuestionKind.COARSE;
    json.put("plain", Map.of("fine_acc", accuracy(results, fine, false),
        "coarse_acc", accuracy(results, coarse, false)));
    json.put("oracle_crop", Map.of("fine_acc", accuracy(results, fine, true),
        "coarse_acc", accuracy(results, coarse, true)));
    List<ProbeRun.Result> grounded = GroundingScan.usable(results);
    GroundingScan.Score score = GroundingScan.score(grounded,
        GroundingScan.groundingMaps(grounded, manifest.grounding()),
        manifest.config().gridSize(), manifest.config().imageSize());
    Map<String, Object> grounding = new LinkedHashMap<>();
    grounding.put("layer", manifest.grounding().layer());
    grounding.put("heads", manifest.grounding().heads());
    grounding.put("sink_layer", manifest.grounding().sinkLayer());
    grounding.put("hit_rate", percent(score.hitRate()));
    grounding.put("mean_iou", Math.round(score.meanIou() * 1000) / 1000.0);
    grounding.put("dropped_share", Math.round(score.droppedShare() * 1000) / 1000.0);
    grounding.put("samples", score.samples());
    json.put("grounding", grounding);
    json.put("params", manifest.parameters());
    json.put("pretrain_minutes", manifest.training().get("totalMinutes"));
    Map<String, Object> perTemplate = new TreeMap<>();
    results.stream().map(r -> r.sample().template()).distinct().forEach(t -> {
      Predicate<ProbeRun.Result> of = r -> r.sample().template().equals(t);
      perTemplate.put(t, Map.of("plain_acc", accuracy(results, of, false),
          "oracle_crop_acc", accuracy(results, of, true),
          "questions", results.stream().filter(of).count()));
    });
    json.put("per_template", perTemplate);
    json.put("split", "test scenes " + ProbeRun.TEST_SEED_BASE + ".."
        + (ProbeRun.TEST_SEED_BASE + scenes - 1) + ", " + questionsPerScene
        + " questions each, mix " + new TreeMap<>(ProbeRun.mix()));
    json.put("weights_sha256", manifest.sha256());
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(json));
    return 0;
  }

  /** Exact-match accuracy (%) of the selected results, plain or with the oracle crop. */
  static double accuracy(List<ProbeRun.Result> results, Predicate<ProbeRun.Result> which,
      boolean crop) {
    List<ProbeRun.Result> selected = results.stream().filter(which)
        .filter(r -> !crop || r.cropAnswer() != null).toList();
    long hits = selected.stream().filter(r -> r.sample().answer()
        .equals(crop ? r.cropAnswer() : r.plainAnswer())).count();
    return selected.isEmpty() ? 0 : percent((double) hits / selected.size());
  }

  private static double percent(double share) {
    return Math.round(share * 1000) / 10.0;
  }

  /** Runs the command. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EvaluateBackboneCommand()).execute(args));
  }
}
