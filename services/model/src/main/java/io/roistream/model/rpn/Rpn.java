package io.roistream.model.rpn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.PartialPass;
import io.roistream.model.backbone.PreNormLayer;
import io.roistream.model.backbone.QueryKeySource;
import io.roistream.model.backbone.TokenLayout;
import io.roistream.model.backbone.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The region proposal network (METHOD.md section 2): T decoder layers initialised as copies of
 * backbone layers K..K+T-1 ("twig init"). It reads the whole prompt's hidden states after backbone
 * layer K-1; the first T-1 layers run fully (causal, the backbone's own mask), of the last only
 * the input norm and the query/key projections are used, so only they are copied. Score of image
 * cell i = mean over heads of {@code q_last . k_i / sqrt(headDim)}, q_last being the query of the
 * last prompt position (the assistant tag). Its parameters are its own; the backbone stays frozen.
 * Owns native memory.
 */
public final class Rpn implements AutoCloseable {

  private static final String PREFIX = "twig.";

  private final NDManager manager;
  private final Weights weights;
  private final List<PreNormLayer> layers;
  private final QueryKeySource last;
  private final RpnConfig config;
  private final int imageTokens;

  private Rpn(NDManager manager, Weights weights, List<PreNormLayer> layers, QueryKeySource last,
      RpnConfig config, int imageTokens) {
    this.manager = manager;
    this.weights = weights;
    this.layers = layers;
    this.last = last;
    this.config = config;
    this.imageTokens = imageTokens;
  }

  /**
   * A new RPN whose twig is copied from {@code backbone}'s layers K..K+T-1: the first T-1 whole, of
   * the last its input norm and query/key projections.
   */
  public static Rpn twigInit(Backbone backbone, RpnConfig config) {
    config.checkFits(backbone.config());
    return copiedFrom(backbone, config, t -> backbone.decoderLayer(config.branchLayer() + t));
  }

  /** An RPN whose twig layer t is copied from {@code source.apply(t)}, as {@link #twigInit} does. */
  private static Rpn copiedFrom(Backbone backbone, RpnConfig config,
      IntFunction<PreNormLayer> source) {
    NDManager manager = NDManager.newBaseManager(backbone.device());
    try {
      Weights weights = new Weights(manager);
      List<PreNormLayer> layers = new ArrayList<>();
      int lastLayer = config.twigLayers() - 1;
      for (int t = 0; t < lastLayer; t++) {
        layers.add(source.apply(t).copyTo(weights, PREFIX + t));
      }
      QueryKeySource last = source.apply(lastLayer).copyQueriesAndKeysTo(weights,
          PREFIX + lastLayer);
      return new Rpn(manager, weights, layers, last, config, backbone.config().imageTokens());
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * The frozen backbone's own grounding score: a twig made of {@code backbone}'s layers K..K+T-1
   * themselves (not copies, never trained), as a twig-initialised RPN is before training. Owns no
   * parameters; closing it leaves the backbone's layers alone.
   */
  public static Rpn ofBackbone(Backbone backbone, RpnConfig config) {
    config.checkFits(backbone.config());
    NDManager manager = NDManager.newBaseManager(backbone.device());
    List<PreNormLayer> layers = new ArrayList<>();
    int lastLayer = config.twigLayers() - 1;
    for (int t = 0; t < lastLayer; t++) {
      layers.add(backbone.decoderLayer(config.branchLayer() + t));
    }
    return new Rpn(manager, new Weights(manager), layers,
        backbone.decoderLayer(config.branchLayer() + lastLayer), config,
        backbone.config().imageTokens());
  }

  /** An RPN for {@code backbone} with the parameters read from {@code in} (all must be there). */
  public static Rpn read(Backbone backbone, RpnConfig config, InputStream in) throws IOException {
    Rpn rpn = twigInit(backbone, config);
    try {
      rpn.weights.read(in, false);
      return rpn;
    } catch (IOException | RuntimeException e) {
      rpn.close();
      throw e;
    }
  }

  /**
   * An RPN from parameters written before {@link RpnCheckpoint} format 2, when the twig's last layer
   * was copied whole: its input norm and query/key projections are kept, the rest of it (never
   * read, so never trained) is dropped.
   */
  static Rpn readWholeLastLayer(Backbone backbone, RpnConfig config, InputStream in)
      throws IOException {
    config.checkFits(backbone.config());
    try (NDManager scratch = NDManager.newBaseManager(backbone.device());
        Weights written = new Weights(scratch)) {
      List<PreNormLayer> whole = new ArrayList<>();
      for (int t = 0; t < config.twigLayers(); t++) {
        whole.add(backbone.decoderLayer(config.branchLayer() + t).copyTo(written, PREFIX + t));
      }
      written.read(in, false);
      return copiedFrom(backbone, config, whole::get);
    }
  }

  /** Writes the parameters (the {@link Weights} binary format). */
  public void write(OutputStream out) throws IOException {
    weights.write(out);
  }

  /** K and T. */
  public RpnConfig config() {
    return config;
  }

  /** The twig's parameters (trained; the backbone's are not among them). */
  public Weights weights() {
    return weights;
  }

  /** Names of the parameters the trainer updates. */
  public List<String> parameterNames() {
    return List.copyOf(weights.all().keySet());
  }

  /** Number of parameters. */
  public long parameterCount() {
    return weights.count();
  }

  /** Where the RPN runs. */
  public Device device() {
    return manager.getDevice();
  }

  /**
   * Cell logits (batch, imageTokens) from the prompt's hidden states after layer K-1
   * (batch, positions, d) laid out as {@code layout}; the last position must be the assistant
   * tag (prompts are left-padded). Arrays are created in {@code m}.
   */
  public NDArray logits(NDManager m, NDArray hidden, TokenLayout layout) {
    NDArray x = hidden;
    NDArray mask = layers.isEmpty() ? null : layout.mask(m, 0, false);
    for (PreNormLayer layer : layers) {
      x = layer.forward(x, mask, null, null, false).hidden();
    }
    NDList qk = last.queriesAndKeys(x);
    NDArray q = qk.get(0).get(new NDIndex(":, :, -1:, :"));
    NDArray k = qk.get(1).get(new NDIndex(":, :, 1:" + (1 + imageTokens) + ", :"));
    long headDim = q.getShape().get(3);
    return q.matMul(k.transpose(0, 1, 3, 2)).squeeze(2).div((float) Math.sqrt(headDim))
        .mean(new int[] {1});
  }

  /** Cell logits {@code [batch][imageTokens]} for prompts run to layer K by the backbone. */
  public float[][] predict(PartialPass pass) {
    if (pass.layer() != config.branchLayer()) {
      throw new IllegalArgumentException("the pass stopped before layer " + pass.layer()
          + ", this RPN branches at " + config.branchLayer());
    }
    try (NDManager m = manager.newSubManager()) {
      NDArray hidden = pass.promptHidden(m);
      float[] flat = logits(m, hidden, pass.layout()).toFloatArray();
      int b = pass.layout().batch();
      float[][] out = new float[b][imageTokens];
      for (int i = 0; i < b; i++) {
        System.arraycopy(flat, i * imageTokens, out[i], 0, imageTokens);
      }
      return out;
    }
  }

  @Override
  public void close() {
    weights.close();
    manager.close();
  }
}
