package io.roistream.model.rpn;

import io.roistream.model.labels.PseudoLabel;

/**
 * One training sample of the RPN: the prompt's text tokens (question and assistant tag), the
 * frozen backbone's hidden states after layer K-1 for {@code <bos>}, the global image tokens and
 * the text (no padding), and the per-cell labels {1, 0, -100} of its pseudo-label.
 *
 * @param text question token ids followed by the assistant tag
 * @param hidden row-major (1 + imageTokens + text.length) x d floats
 * @param labels per image cell: {@link PseudoLabel#FOREGROUND}, {@link PseudoLabel#BACKGROUND} or
 *     {@link PseudoLabel#IGNORE}
 */
public record RpnExample(int[] text, float[] hidden, int[] labels) {

  /** Checks that the arrays agree. */
  public RpnExample {
    if (text.length == 0 || labels.length == 0) {
      throw new IllegalArgumentException("an example needs text and labels");
    }
    int positions = 1 + labels.length + text.length;
    if (hidden.length % positions != 0) {
      throw new IllegalArgumentException("hidden states of " + hidden.length
          + " floats do not cover " + positions + " positions");
    }
  }

  /** Hidden width d. */
  public int width() {
    return hidden.length / (1 + labels.length + text.length);
  }
}
