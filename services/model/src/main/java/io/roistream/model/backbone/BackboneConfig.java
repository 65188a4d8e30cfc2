package io.roistream.model.backbone;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The shape of a backbone: its image grid, token counts, widths and vocabulary. Serialised into
 * the weights manifest, so a loader can rebuild exactly the model the weights were trained for.
 *
 * @param imageSize side of a view in pixels (global view and crop view alike)
 * @param gridSize image-token grid side of a global view ({@code imageSize / 8} for the conv stem)
 * @param cropPool pooling factor applied to a crop view's grid ({@code gridSize / cropPool} a side)
 * @param dModel width of encoder and decoder tokens
 * @param heads attention heads in every attention layer
 * @param encoderLayers pre-LN ViT blocks after the conv stem
 * @param decoderLayers causal pre-LN decoder layers
 * @param questionOnlyLayers leading decoder layers in which text tokens attend to text only
 * @param mlpRatio hidden width of every MLP as a multiple of {@code dModel}
 * @param vocabSize word vocabulary size
 * @param maxTextTokens most text tokens (question, assistant tag and answer) in one prompt
 * @param colourClasses per-cell colour classes of the encoder head (background included)
 * @param shapeClasses per-cell shape classes of the encoder head (background included)
 * @param labelClasses classes of the crop-label head (labels 0..labelClasses-1)
 */
public record BackboneConfig(
    int imageSize,
    int gridSize,
    int cropPool,
    int dModel,
    int heads,
    int encoderLayers,
    int decoderLayers,
    int questionOnlyLayers,
    int mlpRatio,
    int vocabSize,
    int maxTextTokens,
    int colourClasses,
    int shapeClasses,
    int labelClasses) {

  /** Validates the shape. */
  public BackboneConfig {
    if (imageSize != gridSize * 8) {
      throw new IllegalArgumentException("imageSize must be 8 x gridSize (conv stem /8): " + imageSize);
    }
    if (gridSize % cropPool != 0) {
      throw new IllegalArgumentException("gridSize must be a multiple of cropPool");
    }
    if (dModel % heads != 0) {
      throw new IllegalArgumentException("dModel must be a multiple of heads");
    }
    if (decoderLayers < 1 || encoderLayers < 0 || questionOnlyLayers < 0
        || questionOnlyLayers >= decoderLayers) {
      throw new IllegalArgumentException("bad layer counts");
    }
    if (vocabSize < 8 || maxTextTokens < 4) {
      throw new IllegalArgumentException("vocabulary or text length too small");
    }
  }

  /** The default backbone: 96 px views, 144 image tokens, 36 crop tokens, d 128, 4 heads. */
  public static BackboneConfig defaults(int vocabSize, int labelClasses) {
    return new BackboneConfig(96, 12, 2, 128, 4, 2, 5, 1, 4, vocabSize, 32, 7, 4, labelClasses);
  }

  /** A tiny shape for unit tests. */
  public static BackboneConfig tiny(int vocabSize) {
    return new BackboneConfig(32, 4, 2, 16, 2, 1, 3, 1, 2, vocabSize, 16, 7, 4, 10);
  }

  /** Image tokens of a global view. */
  @JsonIgnore
  public int imageTokens() {
    return gridSize * gridSize;
  }

  /** Side of the pooled crop grid. */
  @JsonIgnore
  public int cropGridSize() {
    return gridSize / cropPool;
  }

  /** Tokens of one crop view after pooling. */
  @JsonIgnore
  public int cropTokens() {
    return cropGridSize() * cropGridSize();
  }

  /** Width of one attention head. */
  @JsonIgnore
  public int headDim() {
    return dModel / heads;
  }

  /** Length of the shared prefix: one begin token plus the global image tokens. */
  @JsonIgnore
  public int prefixLength() {
    return 1 + imageTokens();
  }
}
