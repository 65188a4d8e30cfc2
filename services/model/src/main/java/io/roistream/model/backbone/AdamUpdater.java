package io.roistream.model.backbone;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.function.Supplier;

/**
 * Adam over a chosen subset of a {@link Weights} store, with a learning rate set per step
 * (constant, then decayed, by the caller) and global-norm gradient clipping. The subset's
 * arrays get gradients attached; the others stay frozen.
 */
public final class AdamUpdater {

  private final Weights weights;
  private final List<String> names;
  private final Adam adam;
  private final float clipNorm;
  private float learningRate;

  /** Creates an updater for {@code names} of {@code weights}. */
  public AdamUpdater(Weights weights, List<String> names, float clipNorm) {
    this.weights = weights;
    this.names = List.copyOf(names);
    this.clipNorm = clipNorm;
    this.adam = Adam.builder()
        .optLearningRateTracker((Tracker) update -> learningRate)
        .optBeta1(0.9f)
        .optBeta2(0.98f)
        .build();
    for (String n : names) {
      weights.get(n).setRequiresGradient(true);
    }
  }

  /** Sets the learning rate used by the next steps. */
  public void learningRate(float lr) {
    this.learningRate = lr;
  }

  /**
   * Computes the loss under a gradient collector, back-propagates, clips and applies one Adam
   * step. Returns the loss value.
   */
  public float step(Supplier<NDArray> loss) {
    float value;
    double squared = 0;
    try (NDScope scope = new NDScope()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray l = loss.get();
        value = l.getFloat();
        collector.backward(l);
      }
      for (String name : names) {
        NDArray grad = weights.get(name).getGradient();
        squared += grad.square().sum().getFloat();
      }
    }
    if (!Double.isFinite(squared)) {
      throw new IllegalStateException("non-finite gradient (loss " + value + ")");
    }
    double norm = Math.sqrt(squared);
    float factor = norm > clipNorm ? (float) (clipNorm / norm) : 1f;
    for (String name : names) {
      NDArray param = weights.get(name);
      try (NDArray grad = param.getGradient()) {
        if (factor < 1f) {
          grad.muli(factor);
        }
        adam.update(name, param, grad);
      }
      JniUtils.zeroGrad((PtNDArray) param);
    }
    return value;
  }
}
