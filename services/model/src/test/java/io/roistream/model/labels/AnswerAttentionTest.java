package io.roistream.model.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerAttentionTest {

    private static final float EXACT = 1e-6f;

    /** 2 steps + EOS step, 3 heads, 2x2 grid; the EOS step holds large values that must not count. */
    private static final float[][][] GROUNDING = {
        {{1, 0, 0, 0}, {0, 2, 0, 0}, {4, 4, 4, 4}},
        {{3, 0, 0, 0}, {0, 4, 0, 0}, {8, 8, 8, 8}},
        {{100, 100, 100, 100}, {100, 100, 100, 100}, {100, 100, 100, 100}},
    };
    private static final float[][][] SINK = {
        {{0, 0, 0, 1}, {0, 0, 0, 3}},
        {{0, 0, 0, 5}, {0, 0, 2, 7}},
        {{9, 9, 9, 9}, {9, 9, 9, 9}},
    };

    @Test
    void averagesChosenHeadsOverAnswerStepsWithoutTheEosStep() {
        AttentionMaps maps = AnswerAttention.average(2, 2, GROUNDING, new int[] {0, 1}, SINK, true);
        // head 0 over steps 0,1: (1+3)/2 at cell 0; head 1: (2+4)/2 at cell 1; mean of the 2 heads
        assertArrayEquals(new float[] {1, 1.5f, 0, 0}, maps.grounding(), EXACT);
        // all heads of the sink layer over steps 0,1: cell 2: 2/4, cell 3: (1+3+5+7)/4
        assertArrayEquals(new float[] {0, 0, 0.5f, 4}, maps.sink(), EXACT);
    }

    @Test
    void keepsTheLastStepWhenTheAnswerDidNotEndWithEos() {
        AttentionMaps maps = AnswerAttention.average(2, 2, GROUNDING, new int[] {2}, null, false);
        assertArrayEquals(new float[] {112 / 3f, 112 / 3f, 112 / 3f, 112 / 3f}, maps.grounding(), 1e-4f);
        assertArrayEquals(new float[] {0, 0, 0, 0}, maps.sink(), "no sink layer: nothing is a sink");
    }

    @Test
    void picksLayersFromTheFullStepLayerHeadCellAttention() {
        float[][][][] all = new float[GROUNDING.length][][][];
        for (int t = 0; t < all.length; t++) {
            all[t] = new float[][][] {SINK[t], new float[][] {{7, 7, 7, 7}}, GROUNDING[t]};
        }
        AttentionMaps maps = AnswerAttention.average(2, 2, all, new GroundingSelection(2, new int[] {0, 1}, 0), true);
        assertArrayEquals(new float[] {1, 1.5f, 0, 0}, maps.grounding(), EXACT);
        assertArrayEquals(new float[] {0, 0, 0.5f, 4}, maps.sink(), EXACT);
    }

    @Test
    void rejectsAnAnswerWithOnlyTheEosStep() {
        float[][][] onlyEos = {{{1, 1, 1, 1}}};
        assertThrows(IllegalArgumentException.class,
            () -> AnswerAttention.average(2, 2, onlyEos, new int[] {0}, null, true));
    }

    @Test
    void theEndStepIsLeftOutOnlyWhenTheAnswerHasAnotherStep() {
        float[][][][] one = new float[1][][][];
        float[][][][] two = new float[2][][][];
        assertTrue(AnswerAttention.excludeEndStep(two, true));
        assertFalse(AnswerAttention.excludeEndStep(two, false));
        assertFalse(AnswerAttention.excludeEndStep(one, true), "an empty answer keeps its only step");
    }

    @Test
    void rejectsMissingHeadsAndWrongCellCounts() {
        assertThrows(IllegalArgumentException.class,
            () -> AnswerAttention.average(2, 2, GROUNDING, new int[] {3}, null, true));
        assertThrows(IllegalArgumentException.class,
            () -> AnswerAttention.average(3, 3, GROUNDING, new int[] {0}, null, true));
        assertThrows(IllegalArgumentException.class,
            () -> AnswerAttention.average(2, 2, GROUNDING, new int[] {0}, new float[][][] {SINK[0]}, true));
    }
}
