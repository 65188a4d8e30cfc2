package io.roistream.model.labels;

import java.util.Arrays;

/**
 * Which attention makes the maps (METHOD.md section 1, step 3): the grounding map is the mean of
 * {@code heads} of decoder layer {@code layer}; the sink map is the mean of all heads of
 * {@code sinkLayer}, or none when {@code sinkLayer} is {@link #NO_SINK_LAYER}. Layers and heads are
 * 0-indexed. The choice belongs to the backbone (its scan); {@link #LLAVA_1_5_7B} is the paper's.
 */
public record GroundingSelection(int layer, int[] heads, int sinkLayer) {

    /** {@code sinkLayer} value meaning "no sink map" (every sink value is 0, nothing is masked). */
    public static final int NO_SINK_LAYER = -1;

    /** LLaVA-1.5-7B as in the reference: layer 14, heads 13, 24 and 26; sinks from layer 2. */
    public static final GroundingSelection LLAVA_1_5_7B = new GroundingSelection(14, new int[] {13, 24, 26}, 2);

    /** Checks the indices and copies the heads. */
    public GroundingSelection {
        if (layer < 0) {
            throw new IllegalArgumentException("grounding layer must be >= 0, got " + layer);
        }
        if (heads == null || heads.length == 0) {
            throw new IllegalArgumentException("at least one grounding head is needed");
        }
        if (Arrays.stream(heads).anyMatch(h -> h < 0) || Arrays.stream(heads).distinct().count() != heads.length) {
            throw new IllegalArgumentException("grounding heads must be distinct and >= 0: " + Arrays.toString(heads));
        }
        if (sinkLayer < NO_SINK_LAYER) {
            throw new IllegalArgumentException("sink layer must be >= 0 or " + NO_SINK_LAYER + ", got " + sinkLayer);
        }
        heads = heads.clone();
    }

    /** A copy of the grounding heads. */
    @Override
    public int[] heads() {
        return heads.clone();
    }

    /** Whether a sink map is made. */
    public boolean hasSinkLayer() {
        return sinkLayer != NO_SINK_LAYER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroundingSelection other && layer == other.layer && sinkLayer == other.sinkLayer
            && Arrays.equals(heads, other.heads);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layer + sinkLayer) + Arrays.hashCode(heads);
    }

    @Override
    public String toString() {
        return "GroundingSelection[layer " + layer + ", heads " + Arrays.toString(heads) + ", sink layer " + sinkLayer + "]";
    }
}
