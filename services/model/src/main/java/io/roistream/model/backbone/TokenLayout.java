package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * What every position of a batch of token sequences is (begin token, global image, crop, text or
 * padding) and which segment it belongs to. Segment 0 is the shared prefix that every position
 * may see; a position in segment s > 0 sees segment 0 and its own segment only, which lets
 * several questions about one image be packed in one sequence with outputs identical to
 * separate runs. Batch-first: {@code kinds[b][t]}.
 */
public final class TokenLayout {

  /** Position kinds. */
  public static final int BOS = 0;
  /** A global image token. */
  public static final int IMAGE = 1;
  /** A crop-view token. */
  public static final int CROP = 2;
  /** A text token (question, assistant tag or answer). */
  public static final int TEXT = 3;
  /** Padding: never attended to. */
  public static final int PAD = 4;

  private final int[][] kinds;
  private final int[][] segments;

  /** Wraps kind and segment arrays of equal (batch, length) shape. */
  public TokenLayout(int[][] kinds, int[][] segments) {
    if (kinds.length != segments.length || kinds.length == 0) {
      throw new IllegalArgumentException("kinds and segments must have the same non-empty batch");
    }
    for (int b = 0; b < kinds.length; b++) {
      if (kinds[b].length != kinds[0].length || segments[b].length != kinds[0].length) {
        throw new IllegalArgumentException("ragged layout");
      }
    }
    this.kinds = kinds;
    this.segments = segments;
  }

  /** The shared prefix of {@code batch} prompts: a begin token, then the global image tokens. */
  public static TokenLayout prefix(int batch, int imageTokens) {
    int[][] kinds = new int[batch][1 + imageTokens];
    for (int[] row : kinds) {
      Arrays.fill(row, IMAGE);
      row[0] = BOS;
    }
    return new TokenLayout(kinds, new int[batch][1 + imageTokens]);
  }

  /**
   * A prompt suffix in segment 1: {@code cropTokens} crop positions (padding where
   * {@code hasCrop[b]} is false; none at all when {@code cropTokens} is 0), then the text rows.
   */
  public static TokenLayout suffix(int cropTokens, boolean[] hasCrop, TextRows text) {
    boolean[][] kept = new boolean[hasCrop.length][];
    for (int b = 0; b < hasCrop.length; b++) {
      if (hasCrop[b]) {
        kept[b] = new boolean[cropTokens];
        Arrays.fill(kept[b], true);
      }
    }
    return suffix(cropTokens, kept, text);
  }

  /**
   * A prompt suffix in segment 1 whose crop positions are crop tokens where
   * {@code keptCrop[b][t]} is true and padding elsewhere ({@code keptCrop[b]} null: no crop for
   * that prompt), then the text rows.
   */
  public static TokenLayout suffix(int cropTokens, boolean[][] keptCrop, TextRows text) {
    int n = text.batch();
    int[][] kinds = new int[n][cropTokens + text.length()];
    int[][] segments = new int[n][cropTokens + text.length()];
    for (int b = 0; b < n; b++) {
      Arrays.fill(segments[b], 1);
      for (int t = 0; t < cropTokens; t++) {
        kinds[b][t] = keptCrop[b] != null && keptCrop[b][t] ? CROP : PAD;
      }
      System.arraycopy(text.kinds()[b], 0, kinds[b], cropTokens, text.length());
    }
    return new TokenLayout(kinds, segments);
  }

  /** The rows {@code rows} of this layout, in that order (rows may repeat). */
  public TokenLayout rows(int[] rows) {
    int[][] k = new int[rows.length][];
    int[][] s = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      k[i] = kinds[rows[i]];
      s[i] = segments[rows[i]];
    }
    return new TokenLayout(k, s);
  }

  /** Batch size. */
  public int batch() {
    return kinds.length;
  }

  /** Sequence length. */
  public int length() {
    return kinds[0].length;
  }

  /** Kind of position {@code t} of sample {@code b}. */
  public int kind(int b, int t) {
    return kinds[b][t];
  }

  /** This layout followed by {@code other} (same batch). */
  public TokenLayout append(TokenLayout other) {
    if (other.batch() != batch()) {
      throw new IllegalArgumentException("batch mismatch");
    }
    int[][] k = new int[batch()][];
    int[][] s = new int[batch()][];
    for (int b = 0; b < batch(); b++) {
      k[b] = concat(kinds[b], other.kinds[b]);
      s[b] = concat(segments[b], other.segments[b]);
    }
    return new TokenLayout(k, s);
  }

  /** The same layout with one more position of {@code kind} in {@code segment} per sample. */
  public TokenLayout appendOne(int kind, int segment) {
    int[][] k = new int[batch()][1];
    int[][] s = new int[batch()][1];
    for (int b = 0; b < batch(); b++) {
      k[b][0] = kind;
      s[b][0] = segment;
    }
    return append(new TokenLayout(k, s));
  }

  /**
   * Whether query position {@code q} may attend to key position {@code k} in a decoder layer;
   * {@code questionOnly} marks the leading layers where text queries see only text.
   */
  public boolean allowed(int b, int q, int k, boolean questionOnly) {
    if (k == q) {
      return true;
    }
    if (k > q || kinds[b][k] == PAD) {
      return false;
    }
    if (segments[b][k] != 0 && segments[b][k] != segments[b][q]) {
      return false;
    }
    return !(questionOnly && kinds[b][q] == TEXT && kinds[b][k] != TEXT);
  }

  /**
   * Whether a text position lies in {@code [from, length)}: without one, the question-only mask of
   * those queries is the plain one ({@link #allowed} differs only for text queries).
   */
  public boolean hasTextFrom(int from) {
    for (int[] row : kinds) {
      for (int t = from; t < row.length; t++) {
        if (row[t] == TEXT) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Additive attention mask (batch, 1, queries, keys) for queries {@code [from, length)}
   * against keys {@code [0, length)}: 0 where allowed, -1e9 elsewhere.
   */
  public NDArray mask(NDManager manager, int from, boolean questionOnly) {
    int n = length();
    int q = n - from;
    float[] values = new float[batch() * q * n];
    int i = 0;
    for (int b = 0; b < batch(); b++) {
      for (int qi = from; qi < n; qi++) {
        for (int k = 0; k < n; k++) {
          values[i++] = allowed(b, qi, k, questionOnly) ? 0f : -1e9f;
        }
      }
    }
    return manager.create(values, new Shape(batch(), 1, q, n));
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
