package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/** Stateless tensor functions shared by the encoder, the decoder and their training losses. */
public final class Ops {

  private Ops() {}

  /** {@code x W^T + b} on the last axis; {@code W} is (out, in). */
  public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /** LayerNorm over the last axis. */
  public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    long d = x.getShape().get(x.getShape().dimension() - 1);
    return LayerNorm.layerNorm(x, new Shape(d), gamma, beta, 1e-5f).singletonOrThrow();
  }

  /** GELU. */
  public static NDArray gelu(NDArray x) {
    return Activation.gelu(x);
  }

  /**
   * Softmax cross-entropy with integer targets and a per-row weight; rows whose weight is 0 are
   * ignored. {@code logits} is (N, C), {@code targets} (N) int64 within [0, C), {@code weights}
   * (N). Returns the weighted mean (a scalar); zero when every weight is zero.
   */
  public static NDArray crossEntropy(NDArray logits, NDArray targets, NDArray weights) {
    long classes = logits.getShape().get(1);
    NDArray logp = logits.logSoftmax(1);
    NDArray picked = logp.mul(targets.oneHot((int) classes)).sum(new int[] {1});
    NDArray total = weights.sum().maximum(1e-6f);
    return picked.mul(weights).sum().neg().div(total);
  }
}
