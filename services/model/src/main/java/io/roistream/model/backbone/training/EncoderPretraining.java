package io.roistream.model.backbone.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.roistream.model.backbone.AdamUpdater;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneNet;
import io.roistream.model.backbone.Ops;
import io.roistream.model.data.CellTargets;
import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.SceneObject;
import io.roistream.model.image.ViewTransform;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stage A: dense pretraining of the image encoder (the analogue of a pretrained CLIP encoder) on
 * labels the scene generator knows for free: colour and shape of every cell, and the label of
 * the object a crop is centred on, read from the pooled crop tokens the decoder will see, and
 * (stage E, {@link Options#cellLabelWeight}) the label of the object under each pooled crop cell.
 * Batches are crop-heavy ({@code cropsPerScene} crops per global view), seeded by step.
 */
public final class EncoderPretraining {

  /** Scene seeds of the encoder stage start here (the decoder stage and evaluation use others). */
  public static final long SCENE_SEED_BASE = 10_000_000L;

  /**
   * Stage settings.
   *
   * @param steps optimisation steps
   * @param scenesPerBatch scenes per batch (each gives one global view and its crops)
   * @param cropsPerScene crop views per scene
   * @param learningRate peak learning rate
   * @param seed data seed
   * @param checkpointEvery steps between checkpoints
   * @param logEvery steps between progress lines
   * @param name checkpoint name of the run ("encoder", "encoder-roi", "encoder-cells")
   * @param roiShapedShare share of the jittered object crops replaced by crops shaped like RoI
   *     boxes ({@link SceneViews#roiShapedCrop})
   * @param cellLabelWeight weight of the per-cell crop-label loss ({@link
   *     BackboneNet#cellLabelLogits}; 0 in stages A and D, which predate that head)
   */
  public record Options(int steps, int scenesPerBatch, int cropsPerScene, float learningRate,
      long seed, int checkpointEvery, int logEvery, String name, double roiShapedShare,
      double cellLabelWeight) {}

  private final BackboneNet net;
  private final SceneGenerator scenes;
  private final Options options;
  private final PrintStream log;

  /** Creates the stage for {@code net}. */
  public EncoderPretraining(BackboneNet net, SceneGenerator scenes, Options options,
      PrintStream log) {
    this.net = net;
    this.scenes = scenes;
    this.options = options;
    this.log = log;
  }

  /** One batch of views and targets. */
  record Batch(float[] pixels, int views, int[] colours, int[] shapes, float[] cellWeights,
      int[] labels, float[] labelWeights, int[] cellLabels, float[] cellLabelWeights) {}

  /** Builds the batch of 0-based step {@code step} (deterministic). */
  Batch batch(int step) {
    BackboneConfig c = net.config();
    int size = c.imageSize();
    int grid = c.gridSize();
    int cells = grid * grid;
    int views = options.scenesPerBatch() * (1 + options.cropsPerScene());
    float[] pixels = new float[views * 3 * size * size];
    int[] colours = new int[views * cells];
    int[] shapes = new int[views * cells];
    float[] cellWeights = new float[views * cells];
    int[] labels = new int[views];
    float[] labelWeights = new float[views];
    int pooledCells = c.cropTokens();
    int[] cellLabels = new int[views * pooledCells];
    float[] cellLabelWeights = new float[views * pooledCells];
    SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + step);
    int v = 0;
    for (int s = 0; s < options.scenesPerBatch(); s++) {
      Scene scene = scenes.generate(SCENE_SEED_BASE + (long) step * options.scenesPerBatch() + s);
      for (int k = 0; k <= options.cropsPerScene(); k++) {
        ViewTransform view;
        boolean crop = k > 0;
        if (!crop) {
          view = SceneViews.global(scene, size);
        } else if (random.nextDouble() < 0.8) {
          SceneObject o = scene.objects().get(random.nextInt(scene.objects().size()));
          double u = random.nextDouble();
          view = u < 0.3 ? SceneViews.oracleCrop(scene, o, size)
              : u < 0.3 + 0.7 * options.roiShapedShare()
                  ? SceneViews.roiShapedCrop(scene, o, size, grid, random)
                  : SceneViews.jitteredCrop(scene, o, size, random);
        } else {
          view = SceneViews.randomCrop(scene, size, random);
        }
        float[] chw = view.renderChw(scene.image());
        System.arraycopy(chw, 0, pixels, v * chw.length, chw.length);
        int[][] cls = SceneViews.cellClasses(scene, view, grid);
        for (int i = 0; i < cells; i++) {
          colours[v * cells + i] = cls[0][i];
          shapes[v * cells + i] = cls[1][i];
          cellWeights[v * cells + i] = cls[0][i] > 0 ? 1f : 0.3f;
        }
        int label = crop ? SceneViews.centredLabel(scene, view) : -1;
        labels[v] = Math.max(0, label);
        labelWeights[v] = label >= 0 ? 1f : 0f;
        if (crop) {
          int[] objects = CellTargets.objectPerCell(scene, view, grid / c.cropPool());
          for (int i = 0; i < pooledCells; i++) {
            if (objects[i] >= 0) {
              cellLabels[v * pooledCells + i] = Integer.parseInt(scene.object(objects[i]).label());
              cellLabelWeights[v * pooledCells + i] = 1f;
            }
          }
        }
        v++;
      }
    }
    return new Batch(pixels, views, colours, shapes, cellWeights, labels, labelWeights,
        cellLabels, cellLabelWeights);
  }

  /**
   * Runs (or resumes, from a checkpoint in {@code dir}) the stage and returns the final
   * checkpoint.
   */
  public Checkpoint run(NDManager manager, Path dir) throws IOException {
    Checkpoint resumed = Checkpoint.find(dir, options.name());
    int start = 0;
    double spent = 0;
    if (resumed != null) {
      // partial: a checkpoint from before the label head gained its flat readout still resumes
      net.weights().load(Checkpoint.weightsFile(dir, options.name()), true);
      start = resumed.step();
      spent = resumed.seconds();
      log.printf(Locale.ROOT, "[%s] resuming at step %d (%.0f s spent)%n", options.name(), start,
          spent);
    }
    if (start >= options.steps()) {
      return resumed;
    }
    AdamUpdater adam = new AdamUpdater(net.weights(), net.encoderParameterNames(), 1f);
    Schedule schedule = new Schedule(options.learningRate(), 50, 0.7, options.steps());
    Progress progress = new Progress(options.name(), start, options.steps(), options.logEvery(), log);
    ExecutorService producer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "encoder-batches");
      t.setDaemon(true);
      return t;
    });
    double[] metrics = new double[5];
    double[] running = new double[5];
    Checkpoint last = resumed;
    try {
      final int first = start;
      Future<Batch> next = producer.submit(() -> batch(first));
      for (int step = start; step < options.steps(); step++) {
        Batch b = next.get();
        final int following = step + 1;
        if (following < options.steps()) {
          next = producer.submit(() -> batch(following));
        }
        adam.learningRate(schedule.at(step));
        float loss = adam.step(() -> loss(manager, b, metrics));
        running[0] = ema(running[0], loss, step - start);
        for (int i = 1; i < metrics.length; i++) {
          running[i] = ema(running[i], metrics[i], step - start);
        }
        progress.step(step + 1, String.format(Locale.ROOT,
            "loss %.3f colour %.3f shape %.3f label %.3f cell label %.3f lr %.1e", running[0],
            running[1], running[2], running[3], running[4], schedule.at(step)));
        if ((step + 1) % options.checkpointEvery() == 0 || step + 1 == options.steps()) {
          last = new Checkpoint(options.name(), step + 1, spent + progress.elapsedSeconds());
          last.save(dir, net.weights());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("batch preparation failed", e.getCause());
    } finally {
      producer.shutdownNow();
    }
    return last;
  }

  private static double ema(double old, double value, int n) {
    return n == 0 ? value : 0.95 * old + 0.05 * value;
  }

  private NDArray loss(NDManager m, Batch b, double[] metrics) {
    BackboneConfig c = net.config();
    int cells = c.imageTokens();
    NDArray px = m.create(b.pixels(), new Shape(b.views(), 3, c.imageSize(), c.imageSize()));
    BackboneNet.Encoded e = net.encode(px);
    long n = (long) b.views() * cells;
    NDArray colours = m.create(b.colours()).toType(DataType.INT64, false);
    NDArray shapes = m.create(b.shapes()).toType(DataType.INT64, false);
    NDArray weights = m.create(b.cellWeights());
    NDArray colourLogits = e.colourLogits().reshape(n, c.colourClasses());
    NDArray shapeLogits = e.shapeLogits().reshape(n, c.shapeClasses());
    NDArray colourLoss = Ops.crossEntropy(colourLogits, colours, weights);
    NDArray shapeLoss = Ops.crossEntropy(shapeLogits, shapes, weights);
    NDArray pooled = net.pool(e.features());
    NDArray labelLogits = net.labelLogits(pooled);
    NDArray labels = m.create(b.labels()).toType(DataType.INT64, false);
    NDArray labelWeights = m.create(b.labelWeights());
    NDArray labelLoss = Ops.crossEntropy(labelLogits, labels, labelWeights);
    NDArray objectCells = colours.gt(0).toType(DataType.FLOAT32, false);
    metrics[1] = accuracy(colourLogits, colours, objectCells);
    metrics[2] = accuracy(shapeLogits, shapes, objectCells);
    metrics[3] = accuracy(labelLogits, labels, labelWeights);
    NDArray loss = colourLoss.add(shapeLoss).add(labelLoss.mul(2));
    if (options.cellLabelWeight() > 0) {
      long pooledCells = (long) b.views() * c.cropTokens();
      NDArray cellLogits = net.cellLabelLogits(pooled).reshape(pooledCells, c.labelClasses());
      NDArray cellLabels = m.create(b.cellLabels()).toType(DataType.INT64, false);
      NDArray cellWeights = m.create(b.cellLabelWeights());
      metrics[4] = accuracy(cellLogits, cellLabels, cellWeights);
      loss = loss.add(Ops.crossEntropy(cellLogits, cellLabels, cellWeights)
          .mul((float) options.cellLabelWeight()));
    }
    return loss;
  }

  static double accuracy(NDArray logits, NDArray targets, NDArray weights) {
    NDArray hit = logits.argMax(1).eq(targets).toType(DataType.FLOAT32, false);
    double total = weights.sum().getFloat();
    return total == 0 ? 0 : hit.mul(weights).sum().getFloat() / total;
  }
}
