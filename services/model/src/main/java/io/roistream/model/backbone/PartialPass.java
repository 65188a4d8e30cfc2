package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt run up to decoder layer {@code k} (layers 0..k-1), for an RPN that branches off after
 * layer k-1. Holds the suffix's hidden states after layer k-1 and its keys/values of layers
 * 0..k-1; the prefix it continues stays in its {@link PrefixCache}. {@link Backbone#finish}
 * completes the pass from layer k without recomputing anything. Owns its native memory.
 */
public final class PartialPass implements AutoCloseable {

  private final NDManager manager;
  private final PrefixCache prefix;
  private final int layer;
  private final NDArray suffixHidden;
  private final KvCache suffixCache;
  private final TokenLayout layout;
  private final int[] textLengths;
  private final float[][][][] lastRowAttention;
  private final boolean ownsPrefix;

  PartialPass(NDManager parent, PrefixCache prefix, int layer, NDArray suffixHidden,
      KvCache suffixCache, TokenLayout layout, int[] textLengths,
      float[][][][] lastRowAttention) {
    this(parent, prefix, layer, suffixHidden, suffixCache, layout, textLengths, lastRowAttention,
        false);
  }

  private PartialPass(NDManager parent, PrefixCache prefix, int layer, NDArray suffixHidden,
      KvCache suffixCache, TokenLayout layout, int[] textLengths,
      float[][][][] lastRowAttention, boolean ownsPrefix) {
    this.ownsPrefix = ownsPrefix;
    this.manager = parent.newSubManager();
    this.prefix = prefix;
    this.layer = layer;
    this.suffixHidden = suffixHidden;
    this.suffixCache = suffixCache;
    this.layout = layout;
    this.textLengths = textLengths.clone();
    this.lastRowAttention = lastRowAttention;
    suffixHidden.attach(manager);
    suffixCache.keys().forEach(a -> a.attach(manager));
    suffixCache.values().forEach(a -> a.attach(manager));
  }

  /** The layer the pass stopped before (K). */
  public int layer() {
    return layer;
  }

  /** The prefix this pass continues. */
  public PrefixCache prefix() {
    return prefix;
  }

  /** What every position of the whole prompt is (prefix then suffix). */
  public TokenLayout layout() {
    return layout;
  }

  /** Hidden states of the suffix (crop tokens, question, assistant tag) after layer K-1. */
  public NDArray suffixHidden() {
    return suffixHidden;
  }

  /**
   * Hidden states of the whole prompt (batch, positions, d) after layer K-1: the prefix's from
   * the cache, then the suffix's. The new array belongs to {@code manager}.
   */
  public NDArray promptHidden(NDManager manager) {
    NDArray joined = NDArrays.concat(new NDList(prefix.hiddenAfter(layer - 1), suffixHidden), 1);
    joined.attach(manager);
    return joined;
  }

  /** Keys/values of the suffix for layers 0..K-1. */
  KvCache suffixCache() {
    return suffixCache;
  }

  /** Real text tokens (question and assistant tag) per prompt. */
  int[] textLengths() {
    return textLengths.clone();
  }

  /**
   * Attention of the last prompt position ({@code <assistant>}) over the global image tokens in
   * layers 0..K-1: {@code [batch][layer][head][imageToken]}.
   */
  public float[][][][] lastRowAttention() {
    return lastRowAttention;
  }

  /**
   * The prompts {@code rows} of this pass as a pass of their own (with their own copy of the
   * prefix rows), for example those for which no RoI was found, to finish them without the rest.
   */
  public PartialPass rows(int... rows) {
    long[] index = new long[rows.length];
    int[] lengths = new int[rows.length];
    float[][][][] attention = new float[rows.length][][][];
    for (int i = 0; i < rows.length; i++) {
      index[i] = rows[i];
      lengths[i] = textLengths[rows[i]];
      attention[i] = lastRowAttention[rows[i]];
    }
    PrefixCache picked = prefix.rows(rows);
    try (NDManager temp = manager.newSubManager()) {
      NDIndex pick = new NDIndex("{}", temp.create(index));
      List<NDArray> keys = new ArrayList<>();
      List<NDArray> values = new ArrayList<>();
      for (int l = 0; l < suffixCache.layers(); l++) {
        keys.add(suffixCache.keys().get(l).get(pick));
        values.add(suffixCache.values().get(l).get(pick));
      }
      return new PartialPass(manager.getParentManager(), picked, layer,
          suffixHidden.get(pick), new KvCache(keys, values, suffixCache.layout().rows(rows)),
          layout.rows(rows), lengths, attention, true);
    } catch (RuntimeException e) {
      picked.close();
      throw e;
    }
  }

  @Override
  public void close() {
    manager.close();
    if (ownsPrefix) {
      prefix.close();
    }
  }
}
