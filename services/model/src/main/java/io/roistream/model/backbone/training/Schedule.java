package io.roistream.model.backbone.training;

/**
 * The learning-rate schedule that worked in the prototypes: a short linear warm-up, a constant
 * rate for most of the run, then a cosine decay to a tenth.
 *
 * @param peak the constant rate
 * @param warmupSteps linear warm-up steps
 * @param constantFraction share of all steps (warm-up included) spent at the peak
 * @param totalSteps all steps
 */
public record Schedule(float peak, int warmupSteps, double constantFraction, int totalSteps) {

  /** The rate for 0-based step {@code step}. */
  public float at(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    int constantEnd = (int) Math.round(constantFraction * totalSteps);
    if (step < constantEnd) {
      return peak;
    }
    double t = (double) (step - constantEnd) / Math.max(1, totalSteps - constantEnd);
    return (float) (peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)))));
  }
}
