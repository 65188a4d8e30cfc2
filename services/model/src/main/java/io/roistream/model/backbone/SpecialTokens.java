package io.roistream.model.backbone;

/**
 * Token ids the backbone's prompt layout needs: padding, begin, end and the assistant tag.
 *
 * @param pad padding id (never attended to)
 * @param bos begin-of-sequence id (first prompt position)
 * @param eos end-of-answer id (generation stops there)
 * @param assistant the tag after the question; the answer follows it
 */
public record SpecialTokens(int pad, int bos, int eos, int assistant) {}
