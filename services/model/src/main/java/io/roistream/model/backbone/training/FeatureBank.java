package io.roistream.model.backbone.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneNet;
import io.roistream.model.data.CellTargets;
import io.roistream.model.data.QuestionTemplate;
import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.SceneObject;
import io.roistream.model.data.VqaSample;
import io.roistream.model.image.ViewTransform;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Frozen-encoder features of many scenes, computed once for the decoder stage: per scene the
 * global view's tokens (features and colour/shape evidence side by side) and one crop per slot
 * (a jittered crop around each object, then one random crop), pooled as the decoder sees them,
 * with the encoder's label probabilities of each crop, plus each scene's objects, the object of every global cell and every question candidate.
 * Arrays: global (scenes, 144, d + evidence), crops (scenes * slots, 36, d + evidence).
 */
public final class FeatureBank implements AutoCloseable {

  /** Crop slots per scene: one per possible object plus one random crop. */
  public final int slots;
  private final NDManager manager;
  private final NDArray global;
  private final NDArray crops;
  private final NDArray cropLabels;
  private final List<SceneInfo> scenes;

  /**
   * What the decoder stage needs to know about one scene.
   *
   * @param objects the scene's objects
   * @param cellObjects object id of each global-view cell (-1 background)
   * @param cropSlots number of filled crop slots
   * @param cropCentre object each crop slot is centred on (-1 none)
   * @param candidates every question candidate per template
   */
  public record SceneInfo(List<SceneObject> objects, int[] cellObjects, int cropSlots,
      int[] cropCentre, Map<QuestionTemplate, List<VqaSample>> candidates) {}

  private FeatureBank(NDManager manager, int slots, NDArray global, NDArray crops,
      NDArray cropLabels, List<SceneInfo> scenes) {
    this.manager = manager;
    this.slots = slots;
    this.global = global;
    this.crops = crops;
    this.cropLabels = cropLabels;
    this.scenes = scenes;
  }

  /** Number of scenes. */
  public int size() {
    return scenes.size();
  }

  /** Scene {@code i}. */
  public SceneInfo scene(int i) {
    return scenes.get(i);
  }

  /** Global tokens (scenes, 144, d + evidence). */
  public NDArray global() {
    return global;
  }

  /** Crop tokens (scenes * slots, 36, d + evidence); row = scene * slots + slot. */
  public NDArray crops() {
    return crops;
  }

  /** The encoder's label probabilities of each crop (scenes * slots, labelClasses). */
  public NDArray cropLabels() {
    return cropLabels;
  }

  /**
   * Encodes {@code count} scenes with seeds {@code seedBase..} through the (frozen) encoder.
   */
  public static FeatureBank build(NDManager parent, BackboneNet net, SceneGenerator generator,
      long seedBase, int count, int maxObjects, long seed, PrintStream log) {
    return build(parent, net, generator, seedBase, count, maxObjects, seed, 0, log);
  }

  /**
   * As {@link #build(NDManager, BackboneNet, SceneGenerator, long, int, int, long, PrintStream)},
   * with a share of the object crops shaped like RoI boxes ({@link SceneViews#roiShapedCrop}).
   */
  public static FeatureBank build(NDManager parent, BackboneNet net, SceneGenerator generator,
      long seedBase, int count, int maxObjects, long seed, double roiShapedShare,
      PrintStream log) {
    BackboneConfig c = net.config();
    int slots = maxObjects + 1;
    int size = c.imageSize();
    int chw = 3 * size * size;
    NDManager manager = parent.newSubManager();
    List<SceneInfo> infos = new ArrayList<>(count);
    List<NDArray> globalParts = new ArrayList<>();
    List<NDArray> cropParts = new ArrayList<>();
    List<NDArray> labelParts = new ArrayList<>();
    int chunk = 16;
    long started = System.nanoTime();
    for (int from = 0; from < count; from += chunk) {
      int n = Math.min(chunk, count - from);
      float[] gPixels = new float[n * chw];
      float[] cPixels = new float[n * slots * chw];
      for (int i = 0; i < n; i++) {
        long sceneSeed = seedBase + from + i;
        Scene scene = generator.generate(sceneSeed);
        SplittableRandom random = new SplittableRandom(seed * 7_919L + sceneSeed);
        ViewTransform g = SceneViews.global(scene, size);
        System.arraycopy(g.renderChw(scene.image()), 0, gPixels, i * chw, chw);
        int[] centre = new int[slots];
        java.util.Arrays.fill(centre, -1);
        for (int s = 0; s < slots; s++) {
          ViewTransform view;
          if (s < scene.objects().size()) {
            view = random.nextDouble() < roiShapedShare
                ? SceneViews.roiShapedCrop(scene, scene.objects().get(s), size, c.gridSize(), random)
                : SceneViews.jitteredCrop(scene, scene.objects().get(s), size, random);
          } else {
            view = SceneViews.randomCrop(scene, size, random);
          }
          centre[s] = CellTargets.centredObject(scene, view);
          System.arraycopy(view.renderChw(scene.image()), 0, cPixels, (i * slots + s) * chw, chw);
        }
        Map<QuestionTemplate, List<VqaSample>> candidates = new EnumMap<>(QuestionTemplate.class);
        for (QuestionTemplate t : QuestionTemplate.values()) {
          candidates.put(t, List.copyOf(
              io.roistream.model.data.QuestionGenerator.candidates(scene, t, sceneSeed)));
        }
        infos.add(new SceneInfo(scene.objects(), CellTargets.objectPerCell(scene, g, c.gridSize()),
            slots, centre, candidates));
      }
      try (NDScope scope = new NDScope()) {
        BackboneNet.Encoded ge = net.encode(manager.create(gPixels, new Shape(n, 3, size, size)));
        NDArray gTokens = NDArrays.concat(new NDList(ge.features(), ge.evidence()), 2);
        BackboneNet.Encoded ce = net.encode(manager.create(cPixels, new Shape((long) n * slots, 3,
            size, size)));
        NDArray pooled = net.pool(ce.features());
        NDArray cTokens = NDArrays.concat(new NDList(pooled, net.pool(ce.evidence())), 2);
        NDArray cLabels = net.labelLogits(pooled).softmax(1);
        NDScope.unregister(gTokens, cTokens, cLabels);
        globalParts.add(gTokens);
        cropParts.add(cTokens);
        labelParts.add(cLabels);
      }
      if ((from / chunk) % 50 == 0) {
        double s = (System.nanoTime() - started) / 1e9;
        log.printf(Locale.ROOT, "[features] %d/%d scenes, %.0f s%n", from + n, count, s);
      }
    }
    NDArray global = NDArrays.concat(new NDList(globalParts), 0);
    NDArray crops = NDArrays.concat(new NDList(cropParts), 0);
    NDArray cropLabels = NDArrays.concat(new NDList(labelParts), 0);
    globalParts.forEach(NDArray::close);
    cropParts.forEach(NDArray::close);
    labelParts.forEach(NDArray::close);
    log.printf(Locale.ROOT, "[features] %d scenes encoded in %.0f s%n", count,
        (System.nanoTime() - started) / 1e9);
    return new FeatureBank(manager, slots, global, crops, cropLabels, infos);
  }

  @Override
  public void close() {
    manager.close();
  }
}
