package io.roistream.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The default {@link Backbone}: {@link BackboneNet} on DJL's PyTorch engine. Every call runs in
 * an {@link NDScope}, so intermediate native arrays are freed when it returns; only what the
 * returned objects own survives, until they are closed.
 */
public final class DjlBackbone implements Backbone {

  private final NDManager manager;
  private final BackboneNet net;
  private final SpecialTokens special;

  private DjlBackbone(NDManager manager, BackboneNet net, SpecialTokens special) {
    this.manager = manager;
    this.net = net;
    this.special = special;
  }

  /** A backbone with freshly initialised (untrained) weights, seeded. */
  public static DjlBackbone create(BackboneConfig config, SpecialTokens special, long seed,
      Device device) {
    NDManager manager = NDManager.newBaseManager(device);
    return new DjlBackbone(manager, BackboneNet.create(manager, config, seed), special);
  }

  /** A backbone with weights read from {@code weights} (the {@link Weights} format). */
  public static DjlBackbone load(BackboneConfig config, SpecialTokens special, InputStream weights,
      Device device) throws IOException {
    DjlBackbone backbone = create(config, special, 0, device);
    try {
      backbone.net.weights().read(weights, false);
    } catch (IOException | RuntimeException e) {
      backbone.close();
      throw e;
    }
    return backbone;
  }

  /** The underlying network (weights and functions), for training and inspection. */
  public BackboneNet net() {
    return net;
  }

  @Override
  public BackboneConfig config() {
    return net.config();
  }

  @Override
  public SpecialTokens specialTokens() {
    return special;
  }

  @Override
  public Device device() {
    return manager.getDevice();
  }

  @Override
  public ImageTokens encodeGlobal(List<float[]> views) {
    try (NDScope scope = new NDScope()) {
      BackboneNet.Encoded e = net.encode(pixels(views));
      NDArray tokens = net.globalTokens(e.features(), e.evidence());
      NDScope.unregister(tokens);
      return new ImageTokens(manager, tokens);
    }
  }

  @Override
  public ImageTokens encodeCrops(List<float[]> views) {
    try (NDScope scope = new NDScope()) {
      BackboneNet.Encoded e = net.encode(pixels(views));
      NDArray pooled = net.pool(e.features());
      NDArray tokens = net.cropTokens(pooled, net.pool(e.evidence()),
          net.labelLogits(pooled).softmax(1));
      NDScope.unregister(tokens);
      return new ImageTokens(manager, tokens);
    }
  }

  @Override
  public ImageTokens encodeCrops(List<float[]> views, List<int[]> keptTokens) {
    if (keptTokens.size() != views.size()) {
      throw new IllegalArgumentException(keptTokens.size() + " token lists for " + views.size()
          + " views");
    }
    int n = config().cropTokens();
    boolean[][] kept = new boolean[views.size()][n];
    for (int b = 0; b < views.size(); b++) {
      int[] tokens = keptTokens.get(b);
      if (tokens.length == 0) {
        throw new IllegalArgumentException("view " + b + " keeps no crop token");
      }
      for (int t : tokens) {
        if (t < 0 || t >= n) {
          throw new IllegalArgumentException("crop token " + t + " outside 0.." + (n - 1));
        }
        kept[b][t] = true;
      }
    }
    try (ImageTokens all = encodeCrops(views)) {
      NDArray tokens = all.tokens().duplicate();
      return new ImageTokens(manager, tokens, kept);
    }
  }

  private NDArray pixels(List<float[]> views) {
    int size = config().imageSize();
    int chw = 3 * size * size;
    if (views.isEmpty()) {
      throw new IllegalArgumentException("no views");
    }
    float[] flat = new float[views.size() * chw];
    for (int i = 0; i < views.size(); i++) {
      if (views.get(i).length != chw) {
        throw new IllegalArgumentException("view " + i + " has " + views.get(i).length
            + " floats, expected 3x" + size + "x" + size);
      }
      System.arraycopy(views.get(i), 0, flat, i * chw, chw);
    }
    return manager.create(flat, new Shape(views.size(), 3, size, size));
  }

  @Override
  public PrefixCache prefill(ImageTokens global) {
    BackboneConfig c = config();
    if (global.length() != c.imageTokens()) {
      throw new IllegalArgumentException("expected " + c.imageTokens() + " global tokens per view");
    }
    try (NDScope scope = new NDScope()) {
      int b = global.batch();
      NDArray x = NDArrays.concat(new NDList(net.tokenEmbedding(manager, special.bos(), b),
          global.tokens()), 1);
      TokenLayout layout = TokenLayout.prefix(b, c.imageTokens());
      List<NDArray> keys = new ArrayList<>();
      List<NDArray> values = new ArrayList<>();
      List<NDArray> hidden = new ArrayList<>();
      KvCache past = null;
      for (int l = 0; l < c.decoderLayers(); l++) {
        BackboneNet.DecoderRun run = net.runDecoder(manager, x, layout, past, l, l + 1, false);
        keys.add(run.keys().get(0));
        values.add(run.values().get(0));
        hidden.add(run.hidden());
        x = run.hidden();
      }
      keys.forEach(NDScope::unregister);
      values.forEach(NDScope::unregister);
      hidden.forEach(NDScope::unregister);
      return new PrefixCache(manager, new KvCache(keys, values, layout), hidden);
    }
  }

  @Override
  public PartialPass runUntil(PrefixCache prefix, ImageTokens crops, List<int[]> questions,
      int k) {
    BackboneConfig c = config();
    if (k < 1 || k > c.decoderLayers()) {
      throw new IllegalArgumentException("k must be 1.." + c.decoderLayers() + ", got " + k);
    }
    Suffix suffix = suffix(prefix, crops, questions);
    try (NDScope scope = new NDScope()) {
      NDArray x = suffix.embed();
      BackboneNet.DecoderRun run = net.runDecoder(manager, x, suffix.layout, prefix.cache(), 0, k,
          true);
      float[][][][] lastRow = new float[suffix.layout.batch()][k][][];
      for (int l = 0; l < k; l++) {
        fillAttention(lastRow, l, run.attention().get(l), c.imageTokens());
      }
      NDArray hidden = run.hidden();
      NDScope.unregister(hidden);
      run.keys().forEach(NDScope::unregister);
      run.values().forEach(NDScope::unregister);
      return new PartialPass(manager, prefix, k, hidden,
          new KvCache(run.keys(), run.values(), suffix.layout), suffix.layout, suffix.textLengths,
          lastRow);
    }
  }

  @Override
  public Generation finish(PartialPass partial, int maxNewTokens) {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1");
    }
    BackboneConfig c = config();
    int k = partial.layer();
    int layers = c.decoderLayers();
    int imageTokens = c.imageTokens();
    try (NDScope scope = new NDScope()) {
      TokenLayout layout = partial.layout();
      int b = layout.batch();
      float[][][][] firstStep = new float[b][layers][][];
      float[][][][] early = partial.lastRowAttention();
      for (int i = 0; i < b; i++) {
        System.arraycopy(early[i], 0, firstStep[i], 0, k);
      }
      BackboneNet.DecoderRun rest = net.runDecoder(manager, partial.suffixHidden(), layout,
          partial.prefix().cache(), k, layers, true);
      List<NDArray> keys = new ArrayList<>(partial.suffixCache().keys());
      List<NDArray> values = new ArrayList<>(partial.suffixCache().values());
      keys.addAll(rest.keys());
      values.addAll(rest.values());
      for (int l = k; l < layers; l++) {
        fillAttention(firstStep, l, rest.attention().get(l - k), imageTokens);
      }
      KvCache cache = new KvCache(keys, values, layout);
      NDArray last = rest.hidden().get(new NDIndex(":, -1:, :"));
      int[] lengths = partial.textLengths();
      List<List<Integer>> answers = new ArrayList<>();
      List<List<float[][][]>> attention = new ArrayList<>();
      boolean[] done = new boolean[b];
      boolean[] eos = new boolean[b];
      for (int i = 0; i < b; i++) {
        answers.add(new ArrayList<>());
        attention.add(new ArrayList<>());
      }
      float[][][][] stepAttention = firstStep;
      for (int step = 0; step < maxNewTokens; step++) {
        int[] next = net.logits(last).get(new NDIndex(":, 0, :")).argMax(1)
            .toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < b; i++) {
          if (done[i]) {
            continue;
          }
          attention.get(i).add(stepAttention[i]);
          if (next[i] == special.eos()) {
            done[i] = true;
            eos[i] = true;
          } else {
            answers.get(i).add(next[i]);
          }
        }
        if (allTrue(done) || step == maxNewTokens - 1) {
          break;
        }
        int[][] tokens = new int[b][1];
        int[][] positions = new int[b][1];
        for (int i = 0; i < b; i++) {
          tokens[i][0] = done[i] ? special.pad() : next[i];
          positions[i][0] = lengths[i] + step;
        }
        layout = layout.appendOne(TokenLayout.TEXT, 1);
        NDArray x = net.textEmbeddings(manager, tokens, positions);
        BackboneNet.DecoderRun run = net.runDecoder(manager, x, layout, cache, 0, layers, true);
        cache = new KvCache(run.keys(), run.values(), layout);
        stepAttention = new float[b][layers][][];
        for (int l = 0; l < layers; l++) {
          fillAttention(stepAttention, l, run.attention().get(l), imageTokens);
        }
        last = run.hidden();
      }
      int[][] tokens = new int[b][];
      float[][][][][] maps = new float[b][][][][];
      for (int i = 0; i < b; i++) {
        tokens[i] = answers.get(i).stream().mapToInt(Integer::intValue).toArray();
        maps[i] = attention.get(i).toArray(new float[0][][][]);
      }
      return new Generation(tokens, maps, eos);
    }
  }

  /** Copies the last query row's attention over the image tokens into {@code out[b][layer]}. */
  private static void fillAttention(float[][][][] out, int layer, NDArray attention,
      int imageTokens) {
    NDArray row = attention.get(new NDIndex(":, :, -1, 1:" + (1 + imageTokens)));
    int b = (int) row.getShape().get(0);
    int h = (int) row.getShape().get(1);
    float[] flat = row.toFloatArray();
    for (int i = 0; i < b; i++) {
      out[i][layer] = new float[h][imageTokens];
      for (int j = 0; j < h; j++) {
        System.arraycopy(flat, (i * h + j) * imageTokens, out[i][layer][j], 0, imageTokens);
      }
    }
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean f : flags) {
      if (!f) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Generation generate(PrefixCache prefix, ImageTokens crops, List<int[]> questions,
      int maxNewTokens) {
    try (PartialPass pass = runUntil(prefix, crops, questions, config().decoderLayers())) {
      return finish(pass, maxNewTokens);
    }
  }

  @Override
  public float[][][][][] attention(PrefixCache prefix, ImageTokens crops, List<int[]> questions,
      int[] queryPositions) {
    BackboneConfig c = config();
    Suffix suffix = suffix(prefix, crops, questions);
    int total = suffix.layout.length();
    int prefixLength = prefix.cache().length();
    int[] rows = new int[queryPositions.length];
    for (int i = 0; i < rows.length; i++) {
      int p = queryPositions[i] < 0 ? total + queryPositions[i] : queryPositions[i];
      if (p < prefixLength || p >= total) {
        throw new IllegalArgumentException("query position " + queryPositions[i]
            + " is outside the question part [" + prefixLength + ", " + total + ")");
      }
      rows[i] = p - prefixLength;
    }
    try (NDScope scope = new NDScope()) {
      BackboneNet.DecoderRun run = net.runDecoder(manager, suffix.embed(), suffix.layout,
          prefix.cache(), 0, c.decoderLayers(), true);
      int b = suffix.layout.batch();
      float[][][][][] out = new float[b][c.decoderLayers()][c.heads()][rows.length][];
      for (int l = 0; l < c.decoderLayers(); l++) {
        NDArray att = run.attention().get(l).get(new NDIndex(":, :, :, 1:" + (1 + c.imageTokens())));
        float[] flat = att.toFloatArray();
        int s = (int) att.getShape().get(2);
        for (int i = 0; i < b; i++) {
          for (int h = 0; h < c.heads(); h++) {
            for (int q = 0; q < rows.length; q++) {
              int offset = ((i * c.heads() + h) * s + rows[q]) * c.imageTokens();
              out[i][l][h][q] = Arrays.copyOfRange(flat, offset, offset + c.imageTokens());
            }
          }
        }
      }
      return out;
    }
  }

  /** The suffix of a prompt: crop tokens (optional), question tokens and the assistant tag. */
  private final class Suffix {
    final ImageTokens crops;
    final TextRows text;
    final TokenLayout layout;
    final int[] textLengths;

    Suffix(ImageTokens crops, TextRows text, TokenLayout layout, int[] textLengths) {
      this.crops = crops;
      this.text = text;
      this.layout = layout;
      this.textLengths = textLengths;
    }

    NDArray embed() {
      NDArray t = net.textEmbeddings(manager, text.tokens(), text.positions());
      return crops == null ? t : NDArrays.concat(new NDList(crops.tokens(), t), 1);
    }
  }

  private Suffix suffix(PrefixCache prefix, ImageTokens crops, List<int[]> questions) {
    BackboneConfig c = config();
    int b = prefix.batch();
    if (questions.size() != b) {
      throw new IllegalArgumentException(questions.size() + " questions for " + b + " prompts");
    }
    if (crops != null && (crops.batch() != b || crops.length() != c.cropTokens())) {
      throw new IllegalArgumentException("crop tokens must be (" + b + ", " + c.cropTokens()
          + ", d)");
    }
    List<int[]> texts = new ArrayList<>();
    int[] lengths = new int[b];
    int longest = 0;
    for (int i = 0; i < b; i++) {
      int[] q = questions.get(i);
      int[] t = Arrays.copyOf(q, q.length + 1);
      t[q.length] = special.assistant();
      texts.add(t);
      lengths[i] = t.length;
      longest = Math.max(longest, t.length);
    }
    TextRows text = TextRows.leftPadded(texts, longest, special.pad());
    boolean[][] kept = new boolean[b][];
    for (int i = 0; crops != null && i < b; i++) {
      kept[i] = crops.kept(i);
    }
    TokenLayout layout = prefix.cache().layout()
        .append(TokenLayout.suffix(crops == null ? 0 : c.cropTokens(), kept, text));
    return new Suffix(crops, text, layout, lengths);
  }

  @Override
  public PreNormLayer decoderLayer(int i) {
    return net.decoderLayer(i);
  }

  @Override
  public void close() {
    manager.close();
  }
}
