package io.roistream.model.labels;

/**
 * Averages the attention of a greedy answer onto the image tokens into {@link AttentionMaps}
 * (METHOD.md section 1, steps 2-3).
 *
 * <p>Input attention is per decoding step: step t is the query that produced answer token t, its
 * attention over the grid's cells is {@code [head][cell]}. When the answer stopped at the
 * end-of-sequence token, the last step (the one that produced that token) says nothing about the
 * image and is excluded, as in the reference; every other step counts equally. The grounding map
 * is the mean over those steps and the chosen heads; the sink map the mean over those steps and
 * all heads of the sink layer. Sums run in double precision.
 */
public final class AnswerAttention {

    private AnswerAttention() {
    }

    /**
     * Averages one sample's attention.
     *
     * @param height grid rows
     * @param width grid columns
     * @param grounding the grounding layer's attention, {@code [step][head][cell]}
     * @param heads the grounding heads to average (indices into the head axis)
     * @param sink the sink layer's attention {@code [step][head][cell]} over the same steps, or null
     *     for no sink map (all zeros, so nothing is masked)
     * @param endedWithEos whether the last step produced the end-of-sequence token (it is excluded)
     * @throws IllegalArgumentException when no answer step is left, or shapes do not match the grid
     */
    public static AttentionMaps average(int height, int width, float[][][] grounding, int[] heads, float[][][] sink,
                                        boolean endedWithEos) {
        int cells = Grids.checkShape(height, width);
        int steps = answerSteps(grounding, endedWithEos);
        if (heads == null || heads.length == 0) {
            throw new IllegalArgumentException("at least one grounding head is needed");
        }
        double[] g = new double[cells];
        for (int t = 0; t < steps; t++) {
            for (int head : heads) {
                if (head < 0 || head >= grounding[t].length) {
                    throw new IllegalArgumentException("grounding head " + head + " does not exist at step " + t
                        + " (" + grounding[t].length + " heads)");
                }
                accumulate(g, grounding[t][head], "grounding", t, head);
            }
        }
        double[] s = new double[cells];
        int sinkTerms = 0;
        if (sink != null) {
            if (sink.length != grounding.length) {
                throw new IllegalArgumentException("sink layer has " + sink.length + " steps, grounding layer "
                    + grounding.length);
            }
            for (int t = 0; t < steps; t++) {
                if (sink[t].length == 0) {
                    throw new IllegalArgumentException("sink layer has no heads at step " + t);
                }
                for (int head = 0; head < sink[t].length; head++) {
                    accumulate(s, sink[t][head], "sink", t, head);
                }
                sinkTerms += sink[t].length;
            }
        }
        return new AttentionMaps(height, width, mean(g, (double) steps * heads.length), mean(s, Math.max(1, sinkTerms)));
    }

    /**
     * Averages one sample's attention given all layers, {@code [step][layer][head][cell]} (the
     * per-sample slice of the backbone's generation attention), with the layers and heads of
     * {@code selection}.
     *
     * @see #average(int, int, float[][][], int[], float[][][], boolean)
     */
    public static AttentionMaps average(int height, int width, float[][][][] stepLayerHeadCell, GroundingSelection selection,
                                        boolean endedWithEos) {
        float[][][] grounding = layer(stepLayerHeadCell, selection.layer());
        float[][][] sink = selection.hasSinkLayer() ? layer(stepLayerHeadCell, selection.sinkLayer()) : null;
        return average(height, width, grounding, selection.heads(), sink, endedWithEos);
    }

    /**
     * Whether to leave the end-of-sequence step out of an answer's {@code steps}: when the answer
     * ended with it and has another step; an answer that is only the end token keeps that one step
     * (its maps come from it).
     */
    public static boolean excludeEndStep(float[][][][] steps, boolean endedWithEos) {
        return endedWithEos && steps.length > 1;
    }

    private static int answerSteps(float[][][] grounding, boolean endedWithEos) {
        if (grounding == null) {
            throw new IllegalArgumentException("grounding attention is missing");
        }
        int steps = endedWithEos ? grounding.length - 1 : grounding.length;
        if (steps < 1) {
            throw new IllegalArgumentException("no answer step to average: " + grounding.length + " step(s)"
                + (endedWithEos ? ", the last being the end-of-sequence step" : ""));
        }
        return steps;
    }

    private static float[][][] layer(float[][][][] stepLayerHeadCell, int layer) {
        float[][][] out = new float[stepLayerHeadCell.length][][];
        for (int t = 0; t < out.length; t++) {
            if (layer >= stepLayerHeadCell[t].length) {
                throw new IllegalArgumentException("layer " + layer + " does not exist at step " + t + " ("
                    + stepLayerHeadCell[t].length + " layers)");
            }
            out[t] = stepLayerHeadCell[t][layer];
        }
        return out;
    }

    private static void accumulate(double[] sum, float[] values, String what, int step, int head) {
        if (values.length != sum.length) {
            throw new IllegalArgumentException(what + " attention at step " + step + ", head " + head + " has "
                + values.length + " cells, the grid has " + sum.length);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    private static float[] mean(double[] sum, double count) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / count);
        }
        return out;
    }
}
