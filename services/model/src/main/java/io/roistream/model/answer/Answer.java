package io.roistream.model.answer;

import io.roistream.model.image.Box;
import java.util.List;

/**
 * An answer and how it was reached.
 *
 * @param text the decoded answer
 * @param mode how the answer was made
 * @param boxes the looked-at regions in source-image pixels (empty without a crop)
 * @param heatMap the per-cell RoI probabilities on the global grid (row-major), or null when the
 *     method has none
 * @param timings where the batch's time went (every answer of a batch carries the batch's)
 */
public record Answer(String text, Mode mode, List<Box> boxes, float[] heatMap, Timings timings) {

  /** How an answer was made. */
  public enum Mode {
    /** The plain prompt; no RoI was asked for. */
    PLAIN,
    /** The RPN found a RoI and the answer read its crop. */
    RPN,
    /** The RPN found no region: the plain answer, finished from the partial pass. */
    FALLBACK,
    /** The training-free attention crop. */
    ATTENTION,
    /** The ground-truth crop (evaluation only). */
    ORACLE
  }

  /**
   * Milliseconds of a batch by phase.
   *
   * @param encodeMs global views: rendering, encoding and the prefix pass
   * @param rpnMs partial pass, RPN map and region selection (or the first answer, for the attention
   *     crop)
   * @param cropEncodeMs rendering and encoding the crops
   * @param answerMs the final decoding
   * @param totalMs the whole batch
   */
  public record Timings(double encodeMs, double rpnMs, double cropEncodeMs, double answerMs,
      double totalMs) {}

  /** Copies the lists. */
  public Answer {
    boxes = List.copyOf(boxes);
    heatMap = heatMap == null ? null : heatMap.clone();
  }

  @Override
  public float[] heatMap() {
    return heatMap == null ? null : heatMap.clone();
  }
}
