package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The default backbone's network as plain functions over a {@link Weights} store: a conv stem
 * (/8) and pre-LN ViT encoder with 2-D position embeddings and per-cell colour/shape heads,
 * crop-label heads (the centred object's, and each pooled cell's), a projector that adds the
 * colour/shape evidence to every image token, and a causal pre-LN decoder with its own
 * attention. Everything is batch-first.
 */
public final class BackboneNet implements AutoCloseable {

  private static final int STEM1 = 32;
  private static final int STEM2 = 64;
  private static final int LABEL_QUERIES = 4;
  private static final long CELL_LABEL_SEED = 0x5EED_CE11L;

  private final BackboneConfig config;
  private final Weights weights;
  private final List<PreNormLayer> encoder = new ArrayList<>();
  private final List<PreNormLayer> decoder = new ArrayList<>();

  /** Encoder output of a batch of views. */
  public record Encoded(NDArray features, NDArray colourLogits, NDArray shapeLogits) {
    /** Softmax colour and shape probabilities side by side: (batch, tokens, colours + shapes). */
    public NDArray evidence() {
      return NDArrays.concat(new NDList(colourLogits.softmax(2), shapeLogits.softmax(2)), 2);
    }
  }

  /** Output of a decoder run. */
  public record DecoderRun(NDArray hidden, List<NDArray> keys, List<NDArray> values,
      List<NDArray> attention) {}

  private BackboneNet(BackboneConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
  }

  /** A freshly initialised network whose parameters live under {@code manager}. */
  public static BackboneNet create(NDManager manager, BackboneConfig c, long seed) {
    Weights w = new Weights(manager);
    Random r = new Random(seed);
    int d = c.dModel();
    w.normal("enc.stem1.w", r, (float) Math.sqrt(2.0 / 27), STEM1, 3, 3, 3);
    w.constant("enc.stem1.b", 0f, STEM1);
    w.normal("enc.stem2.w", r, (float) Math.sqrt(2.0 / (9 * STEM1)), STEM2, STEM1, 3, 3);
    w.constant("enc.stem2.b", 0f, STEM2);
    w.normal("enc.stem3.w", r, (float) Math.sqrt(1.0 / (9 * STEM2)), d, STEM2, 3, 3);
    w.constant("enc.stem3.b", 0f, d);
    w.normal("enc.pos", r, 0.02f, c.imageTokens(), d);
    BackboneNet net = new BackboneNet(c, w);
    for (int i = 0; i < c.encoderLayers(); i++) {
      net.encoder.add(PreNormLayer.create(w, "enc.block" + i, d, c.heads(), c.mlpRatio(), r,
          c.encoderLayers()));
    }
    w.constant("enc.ln.g", 1f, d);
    w.constant("enc.ln.b", 0f, d);
    w.normal("enc.colour.w", r, 0.02f, c.colourClasses(), d);
    w.constant("enc.colour.b", 0f, c.colourClasses());
    w.normal("enc.shape.w", r, 0.02f, c.shapeClasses(), d);
    w.constant("enc.shape.b", 0f, c.shapeClasses());
    w.normal("enc.label.queries", r, 0.02f, LABEL_QUERIES, d);
    w.normal("enc.label.w", r, 0.02f, c.labelClasses(), (long) LABEL_QUERIES * d);
    w.constant("enc.label.b", 0f, c.labelClasses());
    w.normal("enc.label.flat.w", r, 0.01f, c.labelClasses(), (long) c.cropTokens() * d);
    int evidence = c.colourClasses() + c.shapeClasses();
    w.normal("proj.w", r, 0.02f, d, d);
    w.constant("proj.b", 0f, d);
    w.normal("proj.evidence.w", r, 0.5f, d, evidence);
    w.normal("proj.image.seg", r, 0.02f, d);
    w.normal("proj.crop.seg", r, 0.02f, d);
    w.normal("proj.crop.pos", r, 0.02f, c.cropTokens(), d);
    w.normal("proj.crop.label.w", r, 0.5f, d, c.labelClasses());
    w.normal("dec.tok", r, 0.02f, c.vocabSize(), d);
    w.normal("dec.pos", r, 0.02f, c.maxTextTokens(), d);
    for (int i = 0; i < c.decoderLayers(); i++) {
      net.decoder.add(PreNormLayer.create(w, "dec.layer" + i, d, c.heads(), c.mlpRatio(), r,
          c.decoderLayers()));
    }
    w.constant("dec.ln.g", 1f, d);
    w.constant("dec.ln.b", 0f, d);
    w.normal("dec.head.w", r, 0.02f, c.vocabSize(), d);
    w.constant("dec.head.b", 0f, c.vocabSize());
    // the per-cell crop-label head (added with stage E): its own random stream, so that every
    // earlier weight initialises as before; its projection starts at zero, so that crop tokens
    // are unchanged until a stage trains it
    Random cells = new Random(seed ^ CELL_LABEL_SEED);
    w.normal("enc.cellLabel.w", cells, 0.02f, c.labelClasses(), d);
    w.constant("enc.cellLabel.b", 0f, c.labelClasses());
    w.constant("proj.crop.cellLabel.w", 0f, d, c.labelClasses());
    return net;
  }

  /** The shape of this network. */
  public BackboneConfig config() {
    return config;
  }

  /** All parameters. */
  public Weights weights() {
    return weights;
  }

  /** Decoder layer {@code i}. */
  public PreNormLayer decoderLayer(int i) {
    return decoder.get(i);
  }

  /** Parameter names of the encoder (stem, blocks, heads). */
  public List<String> encoderParameterNames() {
    return weights.all().keySet().stream().filter(n -> n.startsWith("enc.")).toList();
  }

  /** Parameter names of the projector and decoder. */
  public List<String> decoderParameterNames() {
    return weights.all().keySet().stream().filter(n -> !n.startsWith("enc.")).toList();
  }

  /** Encodes views: {@code pixels} (batch, 3, size, size) normalised. */
  public Encoded encode(NDArray pixels) {
    NDArray x = conv(pixels, "enc.stem1");
    x = Ops.gelu(x);
    x = Ops.gelu(conv(x, "enc.stem2"));
    x = conv(x, "enc.stem3");
    long b = x.getShape().get(0);
    long d = config.dModel();
    x = x.reshape(b, d, config.imageTokens()).transpose(0, 2, 1).add(weights.get("enc.pos"));
    for (PreNormLayer layer : encoder) {
      x = layer.forward(x, null, null, null, false).hidden();
    }
    x = Ops.layerNorm(x, weights.get("enc.ln.g"), weights.get("enc.ln.b"));
    NDArray colour = Ops.linear(x, weights.get("enc.colour.w"), weights.get("enc.colour.b"));
    NDArray shape = Ops.linear(x, weights.get("enc.shape.w"), weights.get("enc.shape.b"));
    return new Encoded(x, colour, shape);
  }

  private NDArray conv(NDArray x, String name) {
    return Conv2d.conv2d(x, weights.get(name + ".w"), weights.get(name + ".b"),
        new Shape(2, 2), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
  }

  /** Average-pools (batch, grid*grid, c) tokens by {@code cropPool} a side. */
  public NDArray pool(NDArray tokens) {
    long b = tokens.getShape().get(0);
    long c = tokens.getShape().get(2);
    int g = config.gridSize();
    int p = config.cropPool();
    int s = g / p;
    return tokens.reshape(b, s, p, s, p, c).mean(new int[] {4}).mean(new int[] {2})
        .reshape(b, (long) s * s, c);
  }

  /**
   * Label logits (batch, labelClasses) of the object centred in a crop, from pooled features: an
   * attention-pooled readout plus a position-aware linear readout of all pooled tokens (the
   * latter gives the digit a direct gradient path and breaks the chance plateau).
   */
  public NDArray labelLogits(NDArray pooledFeatures) {
    NDArray queries = weights.get("enc.label.queries");
    double scale = 1.0 / Math.sqrt(config.dModel());
    // (b, n, d) x (d, q) -> (b, n, q); softmax over tokens
    NDArray att = pooledFeatures.matMul(queries.transpose()).mul(scale).softmax(1);
    NDArray summary = att.transpose(0, 2, 1).matMul(pooledFeatures); // (b, q, d)
    long b = pooledFeatures.getShape().get(0);
    NDArray pooled = Ops.linear(summary.reshape(b, (long) LABEL_QUERIES * config.dModel()),
        weights.get("enc.label.w"), weights.get("enc.label.b"));
    NDArray flat = pooledFeatures.reshape(b, pooledFeatures.getShape().get(1) * config.dModel())
        .matMul(weights.get("enc.label.flat.w").transpose());
    return pooled.add(flat);
  }

  /**
   * Label logits (batch, cropTokens, labelClasses) of the object under each pooled crop cell: a
   * crop that holds more than one object carries the label of each, where it lies, and the
   * decoder can read the one the question names (the centred-object head above cannot tell).
   */
  public NDArray cellLabelLogits(NDArray pooledFeatures) {
    return Ops.linear(pooledFeatures, weights.get("enc.cellLabel.w"),
        weights.get("enc.cellLabel.b"));
  }

  /** Decoder tokens of global views from encoder features and evidence (batch, 144, d). */
  public NDArray globalTokens(NDArray features, NDArray evidence) {
    return project(features, evidence).add(weights.get("proj.image.seg"));
  }

  /**
   * Decoder tokens of crop views (batch, 36, d) from pooled features, pooled colour/shape
   * evidence and the encoder's label probabilities for the crop (batch, labelClasses), which
   * are added to every crop token as label evidence (as the colour/shape evidence is per cell),
   * plus each token's own label evidence ({@link #cellLabelLogits}).
   */
  public NDArray cropTokens(NDArray pooledFeatures, NDArray pooledEvidence, NDArray labelProbs) {
    NDArray label = labelProbs.matMul(weights.get("proj.crop.label.w").transpose()).expandDims(1);
    NDArray cellLabel = cellLabelLogits(pooledFeatures).softmax(2)
        .matMul(weights.get("proj.crop.cellLabel.w").transpose());
    return project(pooledFeatures, pooledEvidence).add(weights.get("proj.crop.seg"))
        .add(weights.get("proj.crop.pos")).add(label).add(cellLabel);
  }

  private NDArray project(NDArray features, NDArray evidence) {
    NDArray x = Ops.linear(features, weights.get("proj.w"), weights.get("proj.b"));
    return x.add(evidence.matMul(weights.get("proj.evidence.w").transpose()));
  }

  /**
   * Embeddings of text tokens (batch, n, d): word embedding plus the learned position of each
   * token within its text ({@code positions}, clamped to the table).
   */
  public NDArray textEmbeddings(NDManager manager, int[][] tokens, int[][] positions) {
    NDArray ids = manager.create(tokens).toType(DataType.INT64, false);
    int[][] clamped = new int[positions.length][];
    for (int b = 0; b < positions.length; b++) {
      clamped[b] = new int[positions[b].length];
      for (int t = 0; t < positions[b].length; t++) {
        clamped[b][t] = Math.min(Math.max(positions[b][t], 0), config.maxTextTokens() - 1);
      }
    }
    NDArray pos = manager.create(clamped).toType(DataType.INT64, false);
    NDArray tok = Embedding.embedding(ids, weights.get("dec.tok"), SparseFormat.DENSE)
        .singletonOrThrow();
    NDArray pe = Embedding.embedding(pos, weights.get("dec.pos"), SparseFormat.DENSE)
        .singletonOrThrow();
    return tok.add(pe);
  }

  /** Embedding of one token id for every sample: (batch, 1, d). */
  public NDArray tokenEmbedding(NDManager manager, int token, int batch) {
    int[][] ids = new int[batch][1];
    for (int[] row : ids) {
      row[0] = token;
    }
    NDArray t = manager.create(ids).toType(DataType.INT64, false);
    return Embedding.embedding(t, weights.get("dec.tok"), SparseFormat.DENSE).singletonOrThrow();
  }

  /**
   * Runs decoder layers {@code [fromLayer, toLayer)} on {@code x}, the positions
   * {@code [layout.length() - x.length, layout.length())} of {@code layout}. {@code past}
   * holds keys/values of the earlier positions for (at least) those layers, or is null when
   * {@code x} covers the whole layout. Returns hidden states, full keys/values per run layer and,
   * if {@code captureAttention}, attention weights (batch, heads, new, all) per run layer.
   */
  public DecoderRun runDecoder(NDManager manager, NDArray x, TokenLayout layout, KvCache past,
      int fromLayer, int toLayer, boolean captureAttention) {
    int from = layout.length() - (int) x.getShape().get(1);
    if ((past == null ? 0 : past.length()) != from) {
      throw new IllegalArgumentException("cache length " + (past == null ? 0 : past.length())
          + " does not match the " + from + " earlier positions");
    }
    NDArray plainMask = layout.mask(manager, from, false);
    NDArray questionOnlyMask = config.questionOnlyLayers() <= fromLayer ? null
        : layout.hasTextFrom(from) ? layout.mask(manager, from, true) : plainMask;
    List<NDArray> keys = new ArrayList<>();
    List<NDArray> values = new ArrayList<>();
    List<NDArray> attention = new ArrayList<>();
    NDArray h = x;
    for (int l = fromLayer; l < toLayer; l++) {
      NDArray mask = l < config.questionOnlyLayers() ? questionOnlyMask : plainMask;
      NDArray pk = past == null ? null : past.keys().get(l);
      NDArray pv = past == null ? null : past.values().get(l);
      PreNormLayer.Output out = decoder.get(l).forward(h, mask, pk, pv, captureAttention);
      h = out.hidden();
      keys.add(out.keys());
      values.add(out.values());
      if (captureAttention) {
        attention.add(out.attention());
      }
    }
    return new DecoderRun(h, keys, values, attention);
  }

  /** Vocabulary logits (batch, n, vocab) of final hidden states. */
  public NDArray logits(NDArray hidden) {
    NDArray h = Ops.layerNorm(hidden, weights.get("dec.ln.g"), weights.get("dec.ln.b"));
    return Ops.linear(h, weights.get("dec.head.w"), weights.get("dec.head.b"));
  }

  @Override
  public void close() {
    weights.close();
  }
}
