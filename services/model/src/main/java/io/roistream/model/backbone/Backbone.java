package io.roistream.model.backbone;

import ai.djl.Device;
import java.util.List;

/**
 * A LLaVA-style backbone as the SD-RPN workflow uses it, batch-first everywhere. The prompt
 * layout is {@code <bos>}, the global image tokens, optional crop tokens, the question tokens and
 * {@code <assistant>}; the answer follows. A default implementation runs on DJL's PyTorch engine
 * ({@link DjlBackbone}); a real exported backbone on a GPU can implement the same contract. The
 * device is a configuration value.
 *
 * <p>Ownership: every returned {@link AutoCloseable} owns native memory; close it. Token ids are
 * those of the backbone's vocabulary; questions are given without special tokens.
 */
public interface Backbone extends AutoCloseable {

  /** Shape of the model: grid, token counts, layers, heads, widths, vocabulary. */
  BackboneConfig config();

  /** Ids of the special tokens. */
  SpecialTokens specialTokens();

  /** Where the model runs. */
  Device device();

  /**
   * Encodes global views: each element is a normalised CHW float array of one
   * {@code imageSize x imageSize} view. Returns (batch, imageTokens, d).
   */
  ImageTokens encodeGlobal(List<float[]> views);

  /** Encodes crop views (same pixels format) into pooled crop tokens (batch, cropTokens, d). */
  ImageTokens encodeCrops(List<float[]> views);

  /**
   * Encodes crop views of which only some tokens enter the prompt (the RoI's mask mode):
   * {@code keptTokens.get(b)} lists the kept token indices of view b (row-major over the crop's
   * token grid); the others are masked out like padding.
   */
  ImageTokens encodeCrops(List<float[]> views, List<int[]> keptTokens);

  /** Runs {@code <bos>} and the global image tokens through every layer once, for reuse. */
  PrefixCache prefill(ImageTokens global);

  /**
   * Runs the prompt (the cached prefix, then {@code crops} when not null, the question and
   * {@code <assistant>}) through layers 0..k-1 only.
   */
  PartialPass runUntil(PrefixCache prefix, ImageTokens crops, List<int[]> questions, int k);

  /**
   * Completes a partial pass from its layer on (nothing before it is recomputed) and decodes
   * greedily up to {@code maxNewTokens} tokens.
   */
  Generation finish(PartialPass partial, int maxNewTokens);

  /**
   * The full prompt and greedy decoding; the cached prefix is reused, so a second call with crop
   * tokens (inserted right after the global image tokens) does not recompute the global prefix.
   */
  Generation generate(PrefixCache prefix, ImageTokens crops, List<int[]> questions,
      int maxNewTokens);

  /**
   * Attention from chosen prompt positions to the global image tokens, every layer and head:
   * {@code [batch][layer][head][query][imageToken]}. Positions index the prompt (0 = {@code
   * <bos>}); negative positions count from its end (-1 = {@code <assistant>}).
   */
  float[][][][][] attention(PrefixCache prefix, ImageTokens crops, List<int[]> questions,
      int[] queryPositions);

  /** Decoder layer {@code i} (for example to copy into an RPN twig). */
  PreNormLayer decoderLayer(int i);

  @Override
  void close();
}
