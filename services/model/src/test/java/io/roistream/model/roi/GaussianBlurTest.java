package io.roistream.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    /** exp(-1/2) / (1 + 2 exp(-1/2)) and 1 / (1 + 2 exp(-1/2)): the 3-tap sigma-1 kernel. */
    private static final double SIDE = 0.274068619061197;
    private static final double CENTRE = 0.451862761877606;
    private static final double CLOSE = 1e-6;

    private final GaussianBlur blur = new GaussianBlur(3, 1.0);

    @Test
    void kernelIsTheNormalisedSampledGaussian() {
        assertArrayEquals(new double[] {SIDE, CENTRE, SIDE}, blur.kernel(), 1e-12);
    }

    @Test
    void blursAnImpulseIntoTheOuterProductOfTheKernel() {
        float[] map = new float[25];
        map[12] = 1f;
        float[] out = blur.apply(map, 5, 5);
        assertEquals(CENTRE * CENTRE, out[12], CLOSE);
        assertEquals(CENTRE * SIDE, out[7], CLOSE);
        assertEquals(CENTRE * SIDE, out[13], CLOSE);
        assertEquals(SIDE * SIDE, out[6], CLOSE);
        assertEquals(0, out[0], CLOSE);
        double sum = 0;
        for (float v : out) {
            sum += v;
        }
        assertEquals(1, sum, CLOSE, "away from the border the blur keeps the mass");
    }

    @Test
    void reflectsAtTheBorderWithoutRepeatingTheEdge() {
        float[] map = new float[25];
        map[6] = 1f; // cell (1, 1)
        float[] out = blur.apply(map, 5, 5);
        // corner (0, 0) reads rows -1 -> 1 and 1, columns -1 -> 1 and 1: four taps of SIDE x SIDE
        assertEquals(4 * SIDE * SIDE, out[0], CLOSE);
        // (0, 1) reads row -1 -> 1 and row 1 (SIDE each), column 1 (CENTRE)
        assertEquals(2 * SIDE * CENTRE, out[1], CLOSE);
    }

    @Test
    void keepsAConstantMapConstant() {
        float[] map = new float[12];
        java.util.Arrays.fill(map, 0.3f);
        assertArrayEquals(map, blur.apply(map, 3, 4), 1e-6f);
    }

    @Test
    void reflectsIndicesForAnyGrid() {
        assertEquals(1, GaussianBlur.reflect(-1, 5));
        assertEquals(3, GaussianBlur.reflect(5, 5));
        assertEquals(0, GaussianBlur.reflect(-1, 1));
        assertEquals(1, GaussianBlur.reflect(-1, 2));
        assertEquals(0, GaussianBlur.reflect(2, 2));
    }

    @Test
    void kernelOfOneLeavesTheMapUnchanged() {
        float[] map = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(map, new GaussianBlur(1, 1.0).apply(map, 2, 3));
    }
}
