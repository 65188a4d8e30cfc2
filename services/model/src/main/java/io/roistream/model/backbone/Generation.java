package io.roistream.model.backbone;

/**
 * The result of greedy decoding for a batch of prompts.
 *
 * @param tokens answer token ids per prompt, up to (not including) the end token
 * @param attention per prompt, per decoding step (the step that produced token t is the query
 *     at the position before it: step 0 is the assistant tag), per layer, per head, the attention
 *     over the global image tokens: {@code [batch][step][layer][head][imageToken]}; the step that
 *     produced the end token is included last when there was one
 * @param endedWithEos whether each prompt's answer stopped at the end token
 */
public record Generation(int[][] tokens, float[][][][][] attention, boolean[] endedWithEos) {}
