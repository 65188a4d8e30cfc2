package io.roistream.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.labels.GridBox;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoiSelectorTest {

    /** The reference's rules (single cells dropped), which most tests here pin down. */
    private final RoiSelector selector = new RoiSelector(
        RoiConfig.defaults().withMinRegionCells(RoiConfig.REFERENCE_MIN_REGION_CELLS));

    /** A probability map on a height x width grid with 0.9 at the given groups of (row, col) cells, 0 elsewhere. */
    private static float[] probabilities(int height, int width, int[][]... groups) {
        float[] p = new float[height * width];
        for (int[][] cells : groups) {
            for (int[] cell : cells) {
                p[cell[0] * width + cell[1]] = 0.9f;
            }
        }
        return p;
    }

    private static int[][] cell(int row, int col) {
        return new int[][] {{row, col}};
    }

    private static int[][] block(int row0, int col0, int rows, int cols) {
        int[][] cells = new int[rows * cols][];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new int[] {row0 + i / cols, col0 + i % cols};
        }
        return cells;
    }

    @Test
    void connectsCellsThatTouchDiagonally() {
        boolean[] mask = new boolean[16];
        mask[0] = true;       // (0,0)
        mask[5] = true;       // (1,1): diagonal to (0,0)
        mask[3] = true;       // (0,3): alone
        mask[14] = true;      // (3,2)
        mask[15] = true;      // (3,3)
        List<int[]> regions = ConnectedRegions.find(mask, 4, 4);
        assertEquals(3, regions.size());
        assertArrayEquals(new int[] {0, 5}, regions.get(0));
        assertArrayEquals(new int[] {3}, regions.get(1));
        assertArrayEquals(new int[] {14, 15}, regions.get(2));
    }

    @Test
    void noCellAboveTheThresholdMeansNoRoi() {
        float[] p = new float[144];
        Arrays.fill(p, 0.09f);
        RoiDecision decision = selector.decide(p, 12, 12);
        assertEquals(RoiMode.NONE, decision.mode());
        assertEquals(0, decision.droppedLarge(), "no cell was selected, so no region was dropped");
        assertFalse(decision.hasRoi());
        assertNull(decision.box());
        assertEquals(0, decision.regionCount());
    }

    @Test
    void singleCellsAreDroppedAsNoise() {
        RoiDecision decision = selector.decide(probabilities(12, 12, cell(3, 3), cell(8, 9)), 12, 12);
        assertEquals(RoiMode.NONE, decision.mode());
        assertEquals(2, decision.droppedSmall());
    }

    @Test
    void singleCellsAreKeptByDefaultAndGrowLikeAnySmallRegion() {
        RoiDecision decision = new RoiSelector(RoiConfig.defaults())
            .decide(probabilities(12, 12, cell(3, 3)), 12, 12);
        assertEquals(RoiMode.BBOX, decision.mode());
        assertEquals(0, decision.droppedSmall());
        assertEquals(new GridBox(2, 2, 5, 5), decision.box(), "grown to 3x3 around the cell");
    }

    @Test
    void oneRegionIsABoxAndLargeEnoughRegionsKeepTheirTightBox() {
        RoiDecision decision = selector.decide(probabilities(12, 12, block(4, 5, 2, 3)), 12, 12);
        assertEquals(RoiMode.BBOX, decision.mode());
        assertEquals(new GridBox(5, 4, 8, 6), decision.box());
        assertFalse(decision.regions().get(0).grown());
        assertEquals(6, decision.regions().get(0).cellCount());
        assertTrue(decision.isSelected(4, 5));
        assertFalse(decision.isSelected(3, 5));
    }

    @Test
    void smallRegionsGrowToThreeByThreeCentredOnThemselves() {
        RoiDecision pair = selector.decide(probabilities(12, 12, cell(5, 5), cell(5, 6)), 12, 12);
        assertEquals(new GridBox(5, 4, 8, 7), pair.box(), "a 1x2 pair: the odd extra column goes right");
        assertTrue(pair.regions().get(0).grown());
        assertEquals(2, pair.regions().get(0).cellCount());
        assertTrue(pair.isSelected(4, 7), "a grown region selects its whole grown box");

        RoiDecision diagonal = selector.decide(probabilities(12, 12, cell(2, 2), cell(3, 3), cell(4, 4)),
            12, 12);
        assertEquals(new GridBox(2, 2, 5, 5), diagonal.box(), "three diagonal cells already span 3x3");
    }

    @Test
    void growthIsClippedAtTheBorders() {
        RoiDecision corner = selector.decide(probabilities(12, 12, cell(0, 0), cell(1, 0)), 12, 12);
        assertEquals(new GridBox(0, 0, 2, 3), corner.box(), "column -1 is cut off; rows 0..2");
        RoiDecision farCorner = selector.decide(probabilities(12, 12, cell(11, 10), cell(11, 11)), 12, 12);
        assertEquals(new GridBox(10, 10, 12, 12), farCorner.box());
    }

    @Test
    void hugeRegionsAreDroppedWithALimitThatScalesWithTheGrid() {
        RoiConfig config = RoiConfig.defaults();
        assertEquals(225, config.maxRegionCells(24, 24), "the reference's 225 on 24x24");
        assertEquals(56, config.maxRegionCells(12, 12));

        RoiDecision limit = selector.decide(probabilities(12, 12, block(0, 0, 8, 7)), 12, 12);
        assertEquals(RoiMode.BBOX, limit.mode(), "56 cells are allowed");
        RoiDecision over = selector.decide(probabilities(12, 12, block(0, 0, 8, 7), cell(8, 0)), 12, 12);
        assertEquals(RoiMode.NONE, over.mode(), "57 cells are too many");
        assertEquals(1, over.droppedLarge());

        RoiDecision large = selector.decide(probabilities(24, 24, block(0, 0, 15, 15)), 24, 24);
        assertEquals(RoiMode.BBOX, large.mode(), "15x15 = 225 cells pass on 24x24");
        assertEquals(RoiMode.NONE,
            selector.decide(probabilities(24, 24, block(0, 0, 15, 15), cell(15, 0)), 24, 24).mode());
    }

    @Test
    void twoOrMoreRegionsAreAMaskWithTheBoxAroundAllOfThem() {
        RoiDecision decision = selector.decide(probabilities(12, 12, block(1, 1, 2, 2), block(7, 8, 2, 3),
            cell(10, 0)), 12, 12);
        assertEquals(RoiMode.MASK, decision.mode());
        assertEquals(2, decision.regionCount());
        assertEquals(1, decision.droppedSmall());
        assertEquals(new GridBox(1, 1, 11, 9), decision.box());
        int selected = 0;
        for (boolean cell : decision.selected()) {
            selected += cell ? 1 : 0;
        }
        assertEquals(4 + 6, selected, "only the regions' cells, not the whole box");
        assertFalse(decision.isSelected(4, 4));
    }

    @Test
    void selectAppliesSigmoidBlurAndThresholdToLogits() {
        float[] logits = new float[144];
        Arrays.fill(logits, -20f);
        for (int[] cell : block(5, 5, 2, 2)) {
            logits[cell[0] * 12 + cell[1]] = 20f;
        }
        // after blur: inside the 2x2 block (CENTRE + SIDE)^2 = 0.527, beside it SIDE x (CENTRE + SIDE) = 0.199,
        // diagonal to it SIDE^2 = 0.075
        RoiDecision tau10 = selector.select(logits, 12, 12);
        assertEquals(new GridBox(4, 4, 8, 8), tau10.box(), "sides above 0.10, corners below: a 4x4 box without corners");
        assertEquals(12, tau10.regions().get(0).cellCount());
        assertEquals(0.527, tau10.probabilities()[5 * 12 + 5], 1e-3);

        RoiDecision text = new RoiSelector(RoiPreset.TEXT.config()).select(logits, 12, 12);
        assertEquals(new GridBox(4, 4, 8, 8), text.box(), "0.199 > 0.15 too");
        RoiDecision strict = new RoiSelector(RoiConfig.defaults().withThreshold(0.3)).select(logits, 12, 12);
        assertEquals(new GridBox(5, 5, 7, 7), strict.box());
        RoiDecision ocr = new RoiSelector(RoiPreset.OCR.config()).select(logits, 12, 12);
        assertEquals(new GridBox(4, 4, 8, 8), ocr.box(), "0.075 > 0.05: the corners join");
        assertEquals(16, ocr.regions().get(0).cellCount());
    }

    @Test
    void processesABatchOneDecisionPerSample() {
        float[] none = new float[36];
        Arrays.fill(none, -10f);
        float[] one = none.clone();
        one[14] = 10f;
        one[15] = 10f;
        one[20] = 10f;
        one[21] = 10f;
        List<RoiDecision> decisions = new RoiSelector(RoiConfig.defaults().withThreshold(0.3))
            .selectAll(new float[][] {none, one, none}, 6, 6);
        assertEquals(List.of(RoiMode.NONE, RoiMode.BBOX, RoiMode.NONE), decisions.stream().map(RoiDecision::mode).toList());
        assertEquals(new GridBox(2, 2, 4, 4), decisions.get(1).box());
    }

    @Test
    void presetsCarryTheReferenceThresholds() {
        assertEquals(0.15, RoiPreset.TEXT.config().threshold());
        assertEquals(0.10, RoiPreset.DOCUMENT.config().threshold());
        assertEquals(0.10, RoiPreset.HIGH_RES.config().threshold());
        assertEquals(0.05, RoiPreset.OCR.config().threshold());
        assertEquals(0.10, RoiConfig.defaults().threshold());
    }

    @Test
    void rejectsNanAndWrongSizes() {
        float[] logits = new float[144];
        logits[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> selector.select(logits, 12, 12));
        assertThrows(IllegalArgumentException.class, () -> selector.select(new float[100], 12, 12));
    }
}
