package io.roistream.model.rpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.roistream.model.backbone.AdamUpdater;
import io.roistream.model.backbone.training.Schedule;
import io.roistream.model.labels.PseudoLabel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains an {@link Rpn} on cached backbone features (METHOD.md section 2): binary cross-entropy
 * with logits over the non-ignored cells (label -100 contributes nothing), Adam(W) (0.9, 0.98)
 * with weight decay 0 as the reference, a linear warm-up then a cosine decay to a tenth, seeded
 * shuffles. The backbone is not touched.
 */
public final class RpnTrainer {

  /**
   * Training settings.
   *
   * @param epochs passes over the training examples
   * @param batchSize examples per step
   * @param learningRate peak learning rate
   * @param warmupShare share of the steps spent warming up
   * @param seed shuffle seed
   */
  public record Options(int epochs, int batchSize, float learningRate, double warmupShare,
      long seed) {

    /** Checks the numbers. */
    public Options {
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || warmupShare < 0
          || warmupShare >= 1) {
        throw new IllegalArgumentException("bad RPN training options: epochs " + epochs
            + ", batch " + batchSize + ", lr " + learningRate + ", warm-up " + warmupShare);
      }
    }

    /** The settings used by the evaluation and the trainer worker unless configured. */
    public static Options defaults() {
      return new Options(4, 32, 1e-3f, 0.05, 17);
    }
  }

  /**
   * What a run measured.
   *
   * @param steps optimisation steps
   * @param seconds wall time of the optimisation (features excluded)
   * @param trainLoss mean loss over the last epoch
   * @param validation the held-back examples' figures after training (empty when none given)
   */
  public record Report(int steps, double seconds, double trainLoss, Validation validation) {}

  /**
   * Figures on held-back pseudo-labels.
   *
   * @param examples how many
   * @param loss mean BCE over their non-ignored cells
   * @param topCellInForeground share whose highest-scoring cell is a foreground cell of the
   *     pseudo-label
   */
  public record Validation(int examples, double loss, double topCellInForeground) {
    static final Validation NONE = new Validation(0, Double.NaN, Double.NaN);
  }

  private final Options options;

  /** A trainer with {@code options}. */
  public RpnTrainer(Options options) {
    this.options = options;
  }

  /** Trains {@code rpn} in place on {@code train}; measures {@code validation} at the end. */
  public Report train(Rpn rpn, List<RpnExample> train, List<RpnExample> validation,
      int imageTokens, PrintStream log) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    int perEpoch = (train.size() + options.batchSize() - 1) / options.batchSize();
    int total = perEpoch * options.epochs();
    Schedule schedule = new Schedule(options.learningRate(),
        Math.max(1, (int) Math.round(options.warmupShare() * total)), options.warmupShare(), total);
    AdamUpdater adam = new AdamUpdater(rpn.weights(), rpn.parameterNames(), 1f);
    Random random = new Random(options.seed());
    List<RpnExample> order = new ArrayList<>(train);
    long started = System.nanoTime();
    int step = 0;
    double epochLoss = 0;
    try (NDManager m = NDManager.newBaseManager(rpn.device())) {
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        Collections.shuffle(order, random);
        epochLoss = 0;
        for (int from = 0; from < order.size(); from += options.batchSize()) {
          List<RpnExample> batch = order.subList(from, Math.min(order.size(),
              from + options.batchSize()));
          adam.learningRate(schedule.at(step));
          float loss = adam.step(() -> loss(m, rpn, batch, imageTokens));
          epochLoss += loss * batch.size();
          step++;
        }
        epochLoss /= order.size();
        log.printf(Locale.ROOT, "[rpn] epoch %d/%d loss %.4f (%d steps, %.1f s)%n", epoch + 1,
            options.epochs(), epochLoss, step, (System.nanoTime() - started) / 1e9);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Validation measured = validation.isEmpty() ? Validation.NONE
        : validate(rpn, validation, imageTokens);
    return new Report(step, seconds, epochLoss, measured);
  }

  private static NDArray loss(NDManager m, Rpn rpn, List<RpnExample> batch, int imageTokens) {
    RpnFeatures.Batch input = RpnFeatures.batch(m, batch, imageTokens);
    NDArray logits = rpn.logits(m, input.hidden(), input.layout());
    return maskedBce(m, logits, batch, imageTokens);
  }

  /**
   * Mean binary cross-entropy with logits over the cells whose label is not
   * {@link PseudoLabel#IGNORE} (numerically stable form).
   */
  static NDArray maskedBce(NDManager m, NDArray logits, List<RpnExample> batch, int cells) {
    float[] target = new float[batch.size() * cells];
    float[] weight = new float[batch.size() * cells];
    for (int i = 0; i < batch.size(); i++) {
      int[] labels = batch.get(i).labels();
      for (int c = 0; c < cells; c++) {
        if (labels[c] != PseudoLabel.IGNORE) {
          weight[i * cells + c] = 1f;
          target[i * cells + c] = labels[c] == PseudoLabel.FOREGROUND ? 1f : 0f;
        }
      }
    }
    Shape shape = new Shape(batch.size(), cells);
    NDArray y = m.create(target, shape);
    NDArray w = m.create(weight, shape);
    NDArray perCell = logits.maximum(0f).sub(logits.mul(y))
        .add(logits.abs().neg().exp().add(1f).log());
    return perCell.mul(w).sum().div(w.sum().maximum(1f));
  }

  /** Loss and top-cell agreement of {@code rpn} on {@code examples} (no gradients). */
  public Validation validate(Rpn rpn, List<RpnExample> examples, int imageTokens) {
    double lossSum = 0;
    int hits = 0;
    try (NDManager m = NDManager.newBaseManager(rpn.device())) {
      for (int from = 0; from < examples.size(); from += options.batchSize()) {
        List<RpnExample> batch = examples.subList(from, Math.min(examples.size(),
            from + options.batchSize()));
        try (NDManager step = m.newSubManager()) {
          RpnFeatures.Batch input = RpnFeatures.batch(step, batch, imageTokens);
          NDArray logits = rpn.logits(step, input.hidden(), input.layout());
          lossSum += maskedBce(step, logits, batch, imageTokens).getFloat() * batch.size();
          int[] top = logits.argMax(1).toType(DataType.INT32, false)
              .toIntArray();
          for (int i = 0; i < batch.size(); i++) {
            hits += batch.get(i).labels()[top[i]] == PseudoLabel.FOREGROUND ? 1 : 0;
          }
        }
      }
    }
    return new Validation(examples.size(), lossSum / examples.size(),
        (double) hits / examples.size());
  }
}
