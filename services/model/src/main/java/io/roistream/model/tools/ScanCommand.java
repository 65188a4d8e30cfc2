package io.roistream.model.tools;

import ai.djl.Device;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.evaluation.GroundingScan;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scan}: on a calibration split (scene seeds disjoint from training and test), measures
 * for every decoder layer and head how well the plain answer's attention localises the referenced
 * object, chooses the grounding layer/heads and the sink layer, prints the table and writes the
 * choice into the backbone folder's manifest.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Find the grounding layer/heads and sink layer of a backbone; updates its manifest.")
public final class ScanCommand implements Callable<Integer> {

  @Option(names = "--backbone", required = true,
      description = "Folder with manifest.json and the weights it names.")
  Path backbone;

  @Option(names = "--scenes", defaultValue = "150", description = "Calibration scenes.")
  int scenes;

  @Option(names = "--questions-per-scene", defaultValue = "6")
  int questionsPerScene;

  @Option(names = "--twig-layers", defaultValue = "0",
      description = "Decoder layers that must follow the grounding layer (0: any layer may"
          + " ground; 3 ties it to an RPN branching right after it with T = 3 twig layers).")
  int twigLayers;

  @Mixin
  EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    Device device = engine.configure(1);
    Vocabulary vocabulary = new Vocabulary();
    BackboneManifest manifest = BackboneManifest.read(backbone.resolve(BackboneManifest.FILE));
    List<ProbeRun.Result> results;
    try (DjlBackbone model = DefaultBackbone.load(backbone, device)) {
      results = ProbeRun.run(model, vocabulary, new SceneGenerator(SceneConfig.defaults()),
          ProbeRun.CALIBRATION_SEED_BASE, scenes, questionsPerScene, 32, System.out);
    }
    BackboneManifest.Grounding g = GroundingScan.scan(results, manifest.config().gridSize(),
        manifest.config().imageSize(), twigLayers, "calibration scenes " + ProbeRun.CALIBRATION_SEED_BASE
            + ".." + (ProbeRun.CALIBRATION_SEED_BASE + scenes - 1));
    System.out.println("layer head   hit    IoU    dropped");
    for (Map<String, Object> row : g.table()) {
      System.out.printf(Locale.ROOT, "%5s %-5s %.3f  %.3f  %.3f%n", row.get("layer"),
          row.get("head"), row.get("hitRate"), row.get("meanIou"), row.get("droppedShare"));
    }
    System.out.println("sink   threshold masked hit    IoU");
    for (Map<String, Object> row : g.sinkTable()) {
      System.out.printf(Locale.ROOT, "%5s %.3f     %.3f  %.3f  %.3f%n", row.get("sinkLayer"),
          row.get("threshold"), row.get("maskedCellShare"), row.get("hitRate"),
          row.get("meanIou"));
    }
    System.out.printf(Locale.ROOT, "grounding layer %d heads %s sink layer %d (threshold %s):"
        + " hit %.3f IoU %.3f dropped %.3f%n", g.layer(), g.heads(), g.sinkLayer(),
        g.sinkThreshold(), g.hitRate(), g.meanIou(), g.droppedShare());
    List<String> command = new ArrayList<>(manifest.command());
    command.removeIf(c -> c.contains("ScanCommand"));
    command.add("java -cp <model classpath> io.roistream.model.tools.ScanCommand --backbone "
        + backbone + " --scenes " + scenes + " --questions-per-scene " + questionsPerScene
        + " --twig-layers " + twigLayers);
    BackboneManifest updated = new BackboneManifest(manifest.name(), manifest.config(),
        manifest.specialTokens(), manifest.vocabulary(), manifest.weightsFile(),
        manifest.sha256(), manifest.parameters(), manifest.seed(), manifest.data(),
        manifest.training(), command, g);
    updated.write(backbone.resolve(BackboneManifest.FILE));
    return 0;
  }

  /** Runs the command. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ScanCommand()).execute(args));
  }
}
