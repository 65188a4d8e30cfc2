package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The queries and keys of one decoder layer's attention input: what the last layer of an RPN's
 * twig contributes (METHOD.md section 2).
 */
public interface QueryKeySource {

  /**
   * Queries and keys of the attention input {@code LN1(x)} for {@code x} (batch, tokens, d), split
   * into heads: two arrays of (batch, heads, tokens, headDim).
   */
  NDList queriesAndKeys(NDArray x);
}
