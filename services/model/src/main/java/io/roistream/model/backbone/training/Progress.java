package io.roistream.model.backbone.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line for long training stages: step, share done, seconds a step, time left and the
 * running metrics, printed every {@code every} steps (one line each, so logs stay readable).
 */
public final class Progress {

  private final String stage;
  private final int total;
  private final int every;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final int firstStep;

  /** Starts a progress line for steps {@code firstStep..total}. */
  public Progress(String stage, int firstStep, int total, int every, PrintStream out) {
    this.stage = stage;
    this.firstStep = firstStep;
    this.total = total;
    this.every = every;
    this.out = out;
  }

  /** Reports step {@code step} (1-based) with a metrics text. */
  public void step(int step, String metrics) {
    if (step % every != 0 && step != total) {
      return;
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    double perStep = elapsed / Math.max(1, step - firstStep);
    double left = perStep * (total - step);
    int width = 24;
    int filled = (int) Math.round(width * (double) step / total);
    out.printf(Locale.ROOT, "[%s] [%s%s] %d/%d %.2fs/step eta %dm%02ds %s%n", stage,
        "#".repeat(filled), ".".repeat(width - filled), step, total, perStep,
        (long) left / 60, (long) left % 60, metrics);
    out.flush();
  }

  /** Seconds since this progress line started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
