package io.roistream.model.tools;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.SpecialTokens;
import io.roistream.model.backbone.BackboneNet;
import io.roistream.model.backbone.training.Checkpoint;
import io.roistream.model.backbone.training.DecoderPretraining;
import io.roistream.model.backbone.training.EncoderPretraining;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pretrain}: trains the default backbone from scratch on generated scenes, in five stages:
 * dense encoder pretraining (stage A), the decoder on the frozen encoder with precomputed
 * features (stage B), a shorter decoder tuning with the final question mix (stage C), encoder
 * and decoder again on RoI-shaped crops (stage D), and the per-cell crop-label head with the
 * decoder reading it (stage E). Seeded, with a progress line and resumable checkpoints in
 * {@code --out}: run the same command again to resume where it stopped.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
    description = "Pretrain the default backbone (encoder stage, then decoder stage); resumable.")
public final class PretrainCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "Checkpoint and output folder.")
  Path out;

  @Option(names = "--seed", defaultValue = "17", description = "Seed of weights and data.")
  long seed;

  @Mixin
  EngineOptions engine;

  @Option(names = "--stage", defaultValue = "all",
      description = "encoder, decoder, tune, roi, cells or all.")
  String stage;

  @Option(names = "--encoder-steps", defaultValue = "1400")
  int encoderSteps;

  @Option(names = "--encoder-scenes", defaultValue = "16", description = "Scenes per encoder batch.")
  int encoderScenes;

  @Option(names = "--encoder-crops", defaultValue = "3", description = "Crops per scene.")
  int encoderCrops;

  @Option(names = "--decoder-steps", defaultValue = "1400")
  int decoderSteps;

  @Option(names = "--decoder-scenes", defaultValue = "3000",
      description = "Scenes whose frozen features are precomputed for the decoder stage.")
  int decoderScenes;

  @Option(names = "--images-per-step", defaultValue = "8")
  int imagesPerStep;

  @Option(names = "--questions-per-image", defaultValue = "16")
  int questionsPerImage;

  @Option(names = "--attention-loss", defaultValue = "3.0",
      description = "Weight of the auxiliary attention loss on the grounding layer.")
  float attentionLoss;

  @Option(names = "--grounding-layer", defaultValue = "1",
      description = "Decoder layer the attention loss shapes.")
  int groundingLayer;

  @Option(names = "--curriculum", defaultValue = "0.3",
      description = "Share of decoder steps on 3-object scenes with referring-heavy questions.")
  double curriculum;

  @Option(names = "--lr", defaultValue = "1e-3")
  float learningRate;

  @Option(names = "--tune-steps", defaultValue = "400",
      description = "Decoder tuning steps with the final mix (label_check replaced by last_digit).")
  int tuneSteps;

  @Option(names = "--tune-lr", defaultValue = "5e-4")
  float tuneLearningRate;

  @Option(names = "--roi-encoder-steps", defaultValue = "300",
      description = "Stage D: encoder steps with RoI-shaped crops.")
  int roiEncoderSteps;

  @Option(names = "--roi-decoder-steps", defaultValue = "300",
      description = "Stage D: decoder steps on features with RoI-shaped crops.")
  int roiDecoderSteps;

  @Option(names = "--roi-lr", defaultValue = "3e-4")
  float roiLearningRate;

  @Option(names = "--roi-shaped-share", defaultValue = "0.5",
      description = "Stage D: share of object crops shaped like RoI boxes.")
  double roiShapedShare;

  @Option(names = "--cell-encoder-steps", defaultValue = "600",
      description = "Stage E: encoder steps with the per-cell crop-label loss.")
  int cellEncoderSteps;

  @Option(names = "--cell-decoder-steps", defaultValue = "600",
      description = "Stage E: decoder steps on features with per-cell crop labels.")
  int cellDecoderSteps;

  @Option(names = "--cell-lr", defaultValue = "3e-4")
  float cellLearningRate;

  @Option(names = "--cell-label-weight", defaultValue = "1.0",
      description = "Stage E: weight of the per-cell crop-label loss.")
  double cellLabelWeight;

  @Option(names = "--cell-roi-shaped-share", defaultValue = "0.7",
      description = "Stage E: share of object crops shaped like RoI boxes.")
  double cellRoiShapedShare;

  @Option(names = "--init-from",
      description = "With --stage cells: start from this exported backbone folder (weights and"
          + " training record) instead of the tune-roi checkpoint in --out.")
  Path initFrom;

  @Override
  public Integer call() throws Exception {
    Device device = engine.configure(seed);
    Vocabulary vocabulary = new Vocabulary();
    BackboneConfig config = BackboneConfig.defaults(vocabulary.size(), 100);
    SceneGenerator scenes = new SceneGenerator(SceneConfig.defaults());
    try (NDManager manager = NDManager.newBaseManager(device);
        BackboneNet net = BackboneNet.create(manager, config, seed)) {
      System.out.printf(Locale.ROOT, "backbone: %d parameters, config %s%n",
          net.weights().count(), config);
      if (stage.equals("cells") && initFrom != null) {
        // stage E alone, from an exported backbone (its training record is carried over)
        net.weights().load(initFrom.resolve("weights.rsw"), true);
        BackboneManifest base = BackboneManifest.read(initFrom.resolve(BackboneManifest.FILE));
        cellStage(manager, net, scenes, vocabulary, List.of(), Lineage.of(base));
        return 0;
      }
      if (stage.equals("encoder") || stage.equals("all")) {
        new EncoderPretraining(net, scenes, new EncoderPretraining.Options(encoderSteps,
            encoderScenes, encoderCrops, learningRate, seed, 100, 10, "encoder", 0, 0), System.out)
            .run(manager, out);
      }
      if (stage.equals("encoder")) {
        return 0;
      }
      Checkpoint encoder = require("encoder");
      // the encoder stage's file also holds the (untrained) decoder; partial tolerates
      // decoder parameters added since
      net.weights().load(Checkpoint.weightsFile(out, "encoder"), true);
      if (stage.equals("decoder") || stage.equals("all")) {
        new DecoderPretraining(net, scenes, vocabulary,
            new DecoderPretraining.Options(decoderSteps, decoderScenes, imagesPerStep,
                questionsPerImage, learningRate, attentionLoss, groundingLayer, curriculum, seed,
                100, 10, "decoder", DecoderPretraining.mainMix(), 0.75, 0), System.out)
            .run(manager, out);
      }
      if (stage.equals("tune") || stage.equals("all")) {
        require("decoder");
        // partial: the vocabulary grew since stage B (last_digit's words)
        net.weights().load(Checkpoint.weightsFile(out, "decoder"), true);
        new DecoderPretraining(net, scenes, vocabulary,
            new DecoderPretraining.Options(tuneSteps, decoderScenes, imagesPerStep,
                questionsPerImage, tuneLearningRate, attentionLoss, groundingLayer, 0, seed,
                50, 10, "tune", DecoderPretraining.tuningMix(), 0.5, 0), System.out)
            .run(manager, out);
      }
      if (stage.equals("roi") || stage.equals("all")) {
        // partial: the per-cell label head came after stages A-D
        net.weights().load(Checkpoint.weightsFile(out, require("tune").stage()), true);
        new EncoderPretraining(net, scenes, new EncoderPretraining.Options(roiEncoderSteps,
            encoderScenes, encoderCrops, roiLearningRate, seed, 50, 10, "encoder-roi",
            roiShapedShare, 0), System.out).run(manager, out);
        new DecoderPretraining(net, scenes, vocabulary,
            new DecoderPretraining.Options(roiDecoderSteps, decoderScenes, imagesPerStep,
                questionsPerImage, roiLearningRate, attentionLoss, groundingLayer, 0, seed,
                50, 10, "tune-roi", DecoderPretraining.tuningMix(), 0.5, roiShapedShare),
            System.out).run(manager, out);
      }
      if (stage.equals("roi") || stage.equals("cells") || stage.equals("all")) {
        List<Checkpoint> earlier = List.of(encoder, require("decoder"), require("tune"),
            require("encoder-roi"), require("tune-roi"));
        if (stage.equals("roi")) {
          export(net, vocabulary, earlier, Lineage.NONE);
        } else {
          net.weights().load(Checkpoint.weightsFile(out, "tune-roi"), true);
          cellStage(manager, net, scenes, vocabulary, earlier, Lineage.NONE);
        }
      }
    }
    return 0;
  }

  /**
   * Stage E: the per-cell crop-label head (encoder, with the per-cell label loss) and the decoder
   * reading it (tuning mix, mostly RoI-shaped crops); then the export.
   */
  private void cellStage(NDManager manager, BackboneNet net, SceneGenerator scenes,
      Vocabulary vocabulary, List<Checkpoint> earlier, Lineage inherited)
      throws java.io.IOException {
    Checkpoint encoderCells = new EncoderPretraining(net, scenes, new EncoderPretraining.Options(
        cellEncoderSteps, encoderScenes, encoderCrops, cellLearningRate, seed, 50, 10,
        "encoder-cells", cellRoiShapedShare, cellLabelWeight), System.out).run(manager, out);
    Checkpoint tuneCells = new DecoderPretraining(net, scenes, vocabulary,
        new DecoderPretraining.Options(cellDecoderSteps, decoderScenes, imagesPerStep,
            questionsPerImage, cellLearningRate, attentionLoss, groundingLayer, 0, seed, 50, 10,
            "tune-cells", DecoderPretraining.tuningMix(), 0.5, cellRoiShapedShare), System.out)
        .run(manager, out);
    List<Checkpoint> stages = new java.util.ArrayList<>(earlier);
    stages.add(encoderCells);
    stages.add(tuneCells);
    export(net, vocabulary, stages, inherited);
  }

  /**
   * What an export started from another export ({@code --init-from}) carries over: the stages'
   * steps and seconds, and the pretrain commands that made it.
   */
  private record Lineage(Map<String, Object> training, List<String> pretrainCommands) {
    static final Lineage NONE = new Lineage(Map.of(), List.of());

    static Lineage of(BackboneManifest base) {
      return new Lineage(base.training(), base.command().stream()
          .filter(c -> c.contains("PretrainCommand")).toList());
    }
  }

  private Checkpoint require(String name) throws java.io.IOException {
    Checkpoint checkpoint = Checkpoint.find(out, name);
    if (checkpoint == null) {
      throw new IllegalStateException("no " + name + " checkpoint in " + out
          + ": run the earlier stages first");
    }
    return checkpoint;
  }

  /** Writes the final weights and their manifest to {@code <out>/default-backbone}. */
  private void export(BackboneNet net, Vocabulary vocabulary, List<Checkpoint> stages,
      Lineage inherited) throws java.io.IOException {
    Path dir = out.resolve("default-backbone");
    java.nio.file.Files.createDirectories(dir);
    Path weights = dir.resolve("weights.rsw");
    net.weights().save(weights);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("scenes", SceneConfig.defaults().toString());
    data.put("encoderStage", Map.of("sceneSeeds", EncoderPretraining.SCENE_SEED_BASE + "..",
        "scenesPerBatch", encoderScenes, "cropsPerScene", encoderCrops,
        "crops", "80% around an object (30% exact, 70% jittered: grown 0-80%, shifted up to 25%),"
            + " 20% random squares of 48-192 px",
        "targets", "colour and shape per cell (object cells weight 1, background 0.3), label of"
            + " the centred object from pooled crop tokens"));
    data.put("decoderStage", Map.of("sceneSeeds", DecoderPretraining.SCENE_SEED_BASE + "..",
        "scenes", decoderScenes, "imagesPerStep", imagesPerStep,
        "questionsPerImage", questionsPerImage,
        "mainMix", DecoderPretraining.mainMix().toString(),
        "curriculumMix", DecoderPretraining.curriculumMix().toString() + " on 3-object scenes",
        "curriculumShare", curriculum,
        "crops", "fine: 55% own jittered crop, 10% another crop, else none; coarse: 15% / 10%",
        "attentionLoss", attentionLoss + " x -log(attention mass of layer " + groundingLayer
            + " from <assistant> on the object's cells)"));
    data.put("tuneStage", Map.of("mix", DecoderPretraining.tuningMix().toString(),
        "learningRate", tuneLearningRate + ", warm-up 50 steps, cosine decay over the last 50%",
        "note", "stage B's label_check stayed at chance; tuning replaces it by last_digit"));
    data.put("roiStage", Map.of("crops", "stage D: of the object crops, " + roiShapedShare
        + " (decoder bank) / 0.7 x " + roiShapedShare + " (encoder) shaped like RoI boxes:"
        + " the global grid's cells under the object, each side grown by 0-1 cell, shifted by a"
        + " cell 30% of the time", "learningRate", roiLearningRate + " (encoder, then decoder)"));
    data.put("cellStage", Map.of("targets", "stage E: the label of the object under each pooled"
        + " crop cell (weight " + cellLabelWeight + "), added to that crop token", "crops",
        "of the object crops, " + cellRoiShapedShare + " (decoder bank) / 0.7 x "
        + cellRoiShapedShare + " (encoder) shaped like RoI boxes", "learningRate",
        cellLearningRate + " (encoder, then decoder)"));
    Map<String, Object> training = new LinkedHashMap<>();
    double seconds = 0;
    for (Map.Entry<String, Object> entry : inherited.training().entrySet()) {
      if (entry.getKey().endsWith("Steps") || entry.getKey().endsWith("Seconds")) {
        training.put(entry.getKey(), entry.getValue());
        if (entry.getKey().endsWith("Seconds")) {
          seconds += ((Number) entry.getValue()).doubleValue();
        }
      }
    }
    for (Checkpoint stage : stages) {
      String key = camelCase(stage.stage());
      training.put(key + "Steps", stage.step());
      training.put(key + "Seconds", Math.round(stage.seconds()));
      seconds += stage.seconds();
    }
    training.put("secondsNote", "wall time of each stage; decoder stages include building their"
        + " feature banks");
    training.put("totalMinutes", Math.round(seconds / 6.0) / 10.0);
    training.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
        + engine.threads + " PyTorch threads, device " + engine.device);
    training.put("optimizer", "Adam (0.9, 0.98), clip 1.0, lr " + learningRate
        + " warm-up 50 steps, constant, cosine decay to a tenth over the last 30% (encoder) /"
        + " 25% (decoder)");
    String command = "java -cp <model classpath> io.roistream.model.tools.PretrainCommand"
        + " --out " + out + " --seed " + seed + " --threads " + engine.threads
        + " --encoder-steps " + encoderSteps + " --encoder-scenes " + encoderScenes
        + " --encoder-crops " + encoderCrops + " --decoder-steps " + decoderSteps
        + " --decoder-scenes " + decoderScenes + " --images-per-step " + imagesPerStep
        + " --questions-per-image " + questionsPerImage + " --attention-loss " + attentionLoss
        + " --grounding-layer " + groundingLayer + " --curriculum " + curriculum
        + " --lr " + learningRate + " --tune-steps " + tuneSteps + " --tune-lr "
        + tuneLearningRate + " --roi-encoder-steps " + roiEncoderSteps + " --roi-decoder-steps "
        + roiDecoderSteps + " --roi-lr " + roiLearningRate + " --roi-shaped-share "
        + roiShapedShare + " --cell-encoder-steps " + cellEncoderSteps + " --cell-decoder-steps "
        + cellDecoderSteps + " --cell-lr " + cellLearningRate + " --cell-label-weight "
        + cellLabelWeight + " --cell-roi-shaped-share " + cellRoiShapedShare
        + (initFrom != null ? " --stage cells --init-from " + initFrom : "");
    List<String> commands = new java.util.ArrayList<>(inherited.pretrainCommands());
    commands.add(command);
    BackboneManifest manifest = new BackboneManifest("roistream-default-backbone",
        net.config(), specialTokens(vocabulary),
        "io.roistream.model.data.Vocabulary (" + vocabulary.size() + " words)",
        "weights.rsw", BackboneManifest.sha256(weights), net.weights().count(), seed, data,
        training, commands, null);
    manifest.write(dir.resolve(BackboneManifest.FILE));
    System.out.println("exported " + dir + " sha256 " + manifest.sha256());
  }

  /** {@code tune-roi} as {@code tuneRoi}: a stage name as a JSON key prefix. */
  private static String camelCase(String stage) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : stage.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** The special token ids of {@code vocabulary}. */
  public static SpecialTokens specialTokens(Vocabulary vocabulary) {
    return new SpecialTokens(vocabulary.id(Vocabulary.PAD), vocabulary.id(Vocabulary.BOS),
        vocabulary.id(Vocabulary.EOS), vocabulary.id(Vocabulary.ASSISTANT));
  }

  /** Runs the command. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PretrainCommand()).execute(args));
  }
}
