package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The global prefix ({@code <bos>} and the global image tokens) run once through every decoder
 * layer: its keys/values for all layers and its hidden states after each layer. Any number of
 * continuations (the plain question, the question with a crop) reuse it without recomputing it.
 * Owns its native memory; close it when done.
 */
public final class PrefixCache implements AutoCloseable {

  private final NDManager manager;
  private final KvCache cache;
  private final List<NDArray> hidden;

  PrefixCache(NDManager parent, KvCache cache, List<NDArray> hidden) {
    this.manager = parent.newSubManager();
    this.cache = cache;
    this.hidden = List.copyOf(hidden);
    cache.keys().forEach(a -> a.attach(manager));
    cache.values().forEach(a -> a.attach(manager));
    this.hidden.forEach(a -> a.attach(manager));
  }

  /** Keys/values of every layer for the prefix positions. */
  public KvCache cache() {
    return cache;
  }

  /** Hidden states (batch, prefix, d) after layer {@code layer}. */
  public NDArray hiddenAfter(int layer) {
    return hidden.get(layer);
  }

  /** Number of prompts. */
  public int batch() {
    return cache.layout().batch();
  }

  /** The prompts {@code rows} (repeats allowed), e.g. one image's prefix for several questions. */
  public PrefixCache rows(int... rows) {
    long[] index = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      index[i] = rows[i];
    }
    try (NDManager temp = manager.newSubManager()) {
      NDArray idx = temp.create(index);
      NDIndex pick = new NDIndex("{}", idx);
      List<NDArray> k = new ArrayList<>();
      List<NDArray> v = new ArrayList<>();
      List<NDArray> h = new ArrayList<>();
      for (int l = 0; l < cache.layers(); l++) {
        k.add(cache.keys().get(l).get(pick));
        v.add(cache.values().get(l).get(pick));
        h.add(hidden.get(l).get(pick));
      }
      return new PrefixCache(manager.getParentManager(),
          new KvCache(k, v, cache.layout().rows(rows)), h);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
