package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Decoder-ready tokens of a batch of views (batch, tokens, d): global views give
 * {@link BackboneConfig#imageTokens()} tokens each, crop views {@link BackboneConfig#cropTokens()}.
 * Owns its native memory; close it when done.
 */
public final class ImageTokens implements AutoCloseable {

  private final NDManager manager;
  private final NDArray tokens;
  private final boolean[][] kept;

  ImageTokens(NDManager parent, NDArray tokens) {
    this(parent, tokens, null);
  }

  /** {@code kept[b][t]}: whether token t of view b is inserted into the prompt (null: all). */
  ImageTokens(NDManager parent, NDArray tokens, boolean[][] kept) {
    this.manager = parent.newSubManager();
    this.tokens = tokens;
    this.kept = kept;
    tokens.attach(manager);
  }

  /** Whether each token of view {@code b} takes part in the prompt (mask-mode crops drop some). */
  public boolean[] kept(int b) {
    boolean[] out = new boolean[length()];
    if (kept == null) {
      java.util.Arrays.fill(out, true);
    } else {
      System.arraycopy(kept[b], 0, out, 0, out.length);
    }
    return out;
  }

  /** The tokens (batch, n, d). */
  public NDArray tokens() {
    return tokens;
  }

  /** Number of views. */
  public int batch() {
    return (int) tokens.getShape().get(0);
  }

  /** Tokens per view. */
  public int length() {
    return (int) tokens.getShape().get(1);
  }

  /** The views {@code rows} (repeats allowed), as new tokens owned by the caller. */
  public ImageTokens rows(int... rows) {
    long[] index = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      index[i] = rows[i];
    }
    try (NDManager temp = manager.newSubManager()) {
      NDArray picked = tokens.get(new NDIndex("{}", temp.create(index)));
      boolean[][] pickedKept = null;
      if (kept != null) {
        pickedKept = new boolean[rows.length][];
        for (int i = 0; i < rows.length; i++) {
          pickedKept[i] = kept[rows[i]];
        }
      }
      return new ImageTokens(manager.getParentManager(), picked, pickedKept);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
