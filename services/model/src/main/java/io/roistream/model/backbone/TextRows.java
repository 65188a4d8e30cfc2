package io.roistream.model.backbone;

import java.util.List;

/**
 * A batch of token texts left-padded to one length, so that every prompt ends at the same
 * position (the assistant tag) and generation appends at the same index for every sample.
 * Padding positions have kind {@link TokenLayout#PAD}; text positions count from 0 at each
 * text's first real token.
 *
 * @param tokens token ids (padding id at padded positions)
 * @param positions position of each token within its text (0 at padding)
 * @param kinds {@link TokenLayout#TEXT} or {@link TokenLayout#PAD}
 */
public record TextRows(int[][] tokens, int[][] positions, int[][] kinds) {

  /** Left-pads {@code texts} to {@code length} tokens with {@code padId}. */
  public static TextRows leftPadded(List<int[]> texts, int length, int padId) {
    int n = texts.size();
    int[][] tokens = new int[n][length];
    int[][] positions = new int[n][length];
    int[][] kinds = new int[n][length];
    for (int b = 0; b < n; b++) {
      int[] text = texts.get(b);
      if (text.length > length) {
        throw new IllegalArgumentException("text of " + text.length + " tokens exceeds " + length);
      }
      int pad = length - text.length;
      for (int t = 0; t < length; t++) {
        if (t < pad) {
          tokens[b][t] = padId;
          kinds[b][t] = TokenLayout.PAD;
        } else {
          tokens[b][t] = text[t - pad];
          positions[b][t] = t - pad;
          kinds[b][t] = TokenLayout.TEXT;
        }
      }
    }
    return new TextRows(tokens, positions, kinds);
  }

  /** Number of rows. */
  public int batch() {
    return tokens.length;
  }

  /** Length of every row. */
  public int length() {
    return tokens[0].length;
  }
}
