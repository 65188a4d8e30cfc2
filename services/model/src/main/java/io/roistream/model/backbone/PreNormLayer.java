package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * One pre-LayerNorm transformer layer ({@code x + Attn(LN(x))}, then {@code x + MLP(LN(x))})
 * with its own multi-head attention, so that attention weights can be returned and keys and
 * values cached. Used by the ViT encoder (no mask) and the causal decoder (additive mask).
 * Parameters live in a {@link Weights} store under {@code prefix}.
 */
public final class PreNormLayer implements QueryKeySource {

  private final String prefix;
  private final int heads;
  private final Weights weights;

  /** Result of one layer: the new hidden states, the full keys/values and, if asked, weights. */
  public record Output(NDArray hidden, NDArray keys, NDArray values, NDArray attention) {}

  private PreNormLayer(Weights weights, String prefix, int heads) {
    this.weights = weights;
    this.prefix = prefix;
    this.heads = heads;
  }

  /** Creates the parameters of a new layer, seeded by {@code random}. */
  static PreNormLayer create(Weights w, String prefix, int d, int heads, int mlpRatio, Random random,
      int depth) {
    float std = 0.02f;
    float residualStd = (float) (0.02 / Math.sqrt(2.0 * Math.max(1, depth)));
    w.constant(prefix + ".ln1.g", 1f, d);
    w.constant(prefix + ".ln1.b", 0f, d);
    w.normal(prefix + ".qkv.w", random, std, 3L * d, d);
    w.constant(prefix + ".qkv.b", 0f, 3L * d);
    w.normal(prefix + ".out.w", random, residualStd, d, d);
    w.constant(prefix + ".out.b", 0f, d);
    w.constant(prefix + ".ln2.g", 1f, d);
    w.constant(prefix + ".ln2.b", 0f, d);
    w.normal(prefix + ".fc1.w", random, std, (long) mlpRatio * d, d);
    w.constant(prefix + ".fc1.b", 0f, (long) mlpRatio * d);
    w.normal(prefix + ".fc2.w", random, residualStd, d, (long) mlpRatio * d);
    w.constant(prefix + ".fc2.b", 0f, d);
    return new PreNormLayer(w, prefix, heads);
  }

  /**
   * A layer over parameters that already exist in {@code weights} under {@code prefix} (for
   * example loaded from a file).
   */
  public static PreNormLayer over(Weights weights, String prefix, int heads) {
    weights.get(prefix + ".qkv.w");
    return new PreNormLayer(weights, prefix, heads);
  }

  /**
   * Copies this layer's parameters into {@code target} under {@code newPrefix} (independent
   * arrays: training the copy leaves this layer unchanged) and returns the copy.
   */
  public PreNormLayer copyTo(Weights target, String newPrefix) {
    for (String name : parameterNames()) {
      target.put(newPrefix + name.substring(prefix.length()), weights.get(name).duplicate());
    }
    return new PreNormLayer(target, newPrefix, heads);
  }

  /**
   * Copies this layer's input norm and query/key projections (not the values, output or MLP) into
   * {@code target} under {@code newPrefix}, as independent arrays, and returns them: they give the
   * same {@link #queriesAndKeys} as this layer.
   */
  public QueryKeyProjection copyQueriesAndKeysTo(Weights target, String newPrefix) {
    String[] names = QueryKeyProjection.parameterNames(newPrefix);
    target.put(names[0], p("ln1.g").duplicate());
    target.put(names[1], p("ln1.b").duplicate());
    long queryKeyRows = p("qkv.w").getShape().get(0) / 3 * 2;
    NDIndex leading = new NDIndex("0:" + queryKeyRows);
    try (NDArray w = p("qkv.w").get(leading);
        NDArray b = p("qkv.b").get(leading)) {
      target.put(names[2], w.duplicate());
      target.put(names[3], b.duplicate());
    }
    return new QueryKeyProjection(target, newPrefix, heads);
  }

  /** Attention heads. */
  public int heads() {
    return heads;
  }

  /** Parameter-name prefix of this layer. */
  public String prefix() {
    return prefix;
  }

  /** Names of this layer's parameters (for copying them, e.g. into an RPN twig). */
  public List<String> parameterNames() {
    return weights.all().keySet().stream().filter(n -> n.startsWith(prefix + ".")).toList();
  }

  private NDArray p(String name) {
    return weights.get(prefix + "." + name);
  }

  @Override
  public NDList queriesAndKeys(NDArray x) {
    NDList qkv = splitHeads(Ops.linear(Ops.layerNorm(x, p("ln1.g"), p("ln1.b")), p("qkv.w"),
        p("qkv.b")));
    return new NDList(qkv.get(0), qkv.get(1));
  }

  /**
   * Runs the layer on {@code x} (batch, new tokens, d). {@code pastKeys}/{@code pastValues}
   * (batch, heads, past tokens, headDim) may be null; {@code mask} is additive (batch, 1, new,
   * past + new) or null for full attention.
   */
  public Output forward(NDArray x, NDArray mask, NDArray pastKeys, NDArray pastValues,
      boolean returnAttention) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long d = x.getShape().get(2);
    NDArray h = Ops.layerNorm(x, p("ln1.g"), p("ln1.b"));
    NDList qkv = splitHeads(Ops.linear(h, p("qkv.w"), p("qkv.b")));
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    if (pastKeys != null) {
      k = NDArrays.concat(new NDList(pastKeys, k), 2);
      v = NDArrays.concat(new NDList(pastValues, v), 2);
    }
    double scale = 1.0 / Math.sqrt((double) d / heads);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray attention = scores.softmax(3);
    NDArray context = attention.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
    NDArray y = x.add(Ops.linear(context, p("out.w"), p("out.b")));
    NDArray m = Ops.layerNorm(y, p("ln2.g"), p("ln2.b"));
    m = Ops.linear(Ops.gelu(Ops.linear(m, p("fc1.w"), p("fc1.b"))), p("fc2.w"), p("fc2.b"));
    return new Output(y.add(m), k, v, returnAttention ? attention : null);
  }

  private NDList splitHeads(NDArray qkv) {
    long b = qkv.getShape().get(0);
    long t = qkv.getShape().get(1);
    long d3 = qkv.getShape().get(2);
    long hd = d3 / 3 / heads;
    NDArray r = qkv.reshape(new Shape(b, t, 3, heads, hd)).transpose(2, 0, 3, 1, 4);
    return new NDList(r.get(0), r.get(1), r.get(2));
  }
}
