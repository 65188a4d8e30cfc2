package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Keys and values of decoder layers {@code 0..layers()-1} for every position of {@code layout},
 * batch-first: each array is (batch, heads, positions, headDim). Immutable: extending a cache
 * makes new arrays, so one cached prefix can serve several continuations.
 *
 * @param keys keys per layer
 * @param values values per layer
 * @param layout what each cached position is
 */
public record KvCache(List<NDArray> keys, List<NDArray> values, TokenLayout layout) {

  /** Validates sizes. */
  public KvCache {
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException("keys and values differ in layer count");
    }
    keys = List.copyOf(keys);
    values = List.copyOf(values);
  }

  /** Number of cached layers. */
  public int layers() {
    return keys.size();
  }

  /** Number of cached positions. */
  public int length() {
    return layout.length();
  }
}
