package io.roistream.model.rpn;

import io.roistream.model.backbone.BackboneConfig;

/**
 * Where the RPN branches off the backbone and how deep its twig is.
 *
 * @param branchLayer K: the RPN reads the hidden states after backbone layer K-1
 * @param twigLayers T: copies of backbone layers K..K+T-1; the last one contributes only its input
 *     norm and query/key projections
 */
public record RpnConfig(int branchLayer, int twigLayers) {

  /** Checks the numbers. */
  public RpnConfig {
    if (branchLayer < 1 || twigLayers < 1) {
      throw new IllegalArgumentException("branch layer and twig layers must be >= 1, got K="
          + branchLayer + " T=" + twigLayers);
    }
  }

  /**
   * The default for a backbone whose pseudo-labels come from {@code groundingLayer}: the twig's
   * last layer is the grounding layer itself (K = grounding - 1, T = 2), so that at
   * initialisation the RPN's scores are that layer's own query-key logits.
   */
  public static RpnConfig endingAtGroundingLayer(int groundingLayer) {
    return new RpnConfig(Math.max(1, groundingLayer - 1), groundingLayer >= 2 ? 2 : 1);
  }

  /**
   * A twig of {@code twigLayers} whose last layer is {@code groundingLayer} (K = grounding - T + 1):
   * at initialisation the RPN's scores are that layer's own query-key logits.
   */
  public static RpnConfig endingAtGroundingLayer(int groundingLayer, int twigLayers) {
    return new RpnConfig(groundingLayer - twigLayers + 1, twigLayers);
  }

  /** Fails unless the twig fits into {@code backbone}'s decoder. */
  public RpnConfig checkFits(BackboneConfig backbone) {
    if (branchLayer + twigLayers > backbone.decoderLayers()) {
      throw new IllegalArgumentException("twig K=" + branchLayer + " T=" + twigLayers
          + " needs layers up to " + (branchLayer + twigLayers - 1) + ", the backbone has "
          + backbone.decoderLayers());
    }
    if (branchLayer < backbone.questionOnlyLayers()) {
      throw new IllegalArgumentException("the RPN must branch after the question-only layers ("
          + backbone.questionOnlyLayers() + ")");
    }
    return this;
  }
}
