package io.roistream.model.labels;

import java.util.Arrays;

/**
 * One sample's stored attention maps on a {@code height x width} image-token grid (row-major):
 * the grounding map {@code g} (a middle layer's chosen heads, answer-to-image) and the sink map
 * {@code s} (an early layer's head mean). Labels are derived from these at training time
 * ({@link PseudoLabelRules}). The arrays are copied in and out, so an instance never changes.
 */
public record AttentionMaps(int height, int width, float[] grounding, float[] sink) {

    /** Checks the sizes and takes copies of the maps. */
    public AttentionMaps {
        Grids.checkMap("grounding", grounding, height, width);
        Grids.checkMap("sink", sink, height, width);
        grounding = grounding.clone();
        sink = sink.clone();
    }

    /** Number of grid cells. */
    public int cells() {
        return height * width;
    }

    /** A copy of the grounding map g. */
    @Override
    public float[] grounding() {
        return grounding.clone();
    }

    /** A copy of the sink map s. */
    @Override
    public float[] sink() {
        return sink.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionMaps other && height == other.height && width == other.width
            && Arrays.equals(grounding, other.grounding) && Arrays.equals(sink, other.sink);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + Arrays.hashCode(grounding)) + Arrays.hashCode(sink);
    }

    @Override
    public String toString() {
        return "AttentionMaps[" + height + "x" + width + "]";
    }
}
