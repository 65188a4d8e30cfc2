package io.roistream.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.GridBox;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CropPlannerTest {

    private static final double EXACT = 1e-9;

    /** 512x256 source letterboxed to 96 px: square side 512 from y = -128, 12x12 grid of 8 px (42.67 source px). */
    private static final ViewTransform WIDE = ViewTransform.letterbox(512, 256, 96);
    /** 384x384 source, 96 px view, 12x12 grid: a cell is 8 view px = 32 source px. */
    private static final ViewTransform SQUARE = ViewTransform.letterbox(384, 384, 96);

    private final RoiSelector selector = new RoiSelector(RoiConfig.defaults());
    private final CropPlanner planner = new CropPlanner(CropSpec.of(96, 6));

    private static float[] probabilities(int size, GridBox... blocks) {
        float[] p = new float[size * size];
        for (GridBox block : blocks) {
            for (int r = block.row0(); r < block.row1(); r++) {
                for (int c = block.col0(); c < block.col1(); c++) {
                    p[r * size + c] = 0.9f;
                }
            }
        }
        return p;
    }

    private static CropGeometry boxed(double maxSideCells) {
        return new CropGeometry(CropGeometry.Centring.BOX, maxSideCells, CropGeometry.MultiRegion.MASK);
    }

    private static CropGeometry centred(double maxSideCells) {
        return new CropGeometry(CropGeometry.Centring.PROBABILITY_CENTROID, maxSideCells, CropGeometry.MultiRegion.MASK);
    }

    private static void assertBox(Box expected, Box actual) {
        assertBox(expected, actual, "");
    }

    private static void assertBox(Box expected, Box actual, String why) {
        assertEquals(expected.x0(), actual.x0(), EXACT, why + " x0 of " + actual);
        assertEquals(expected.y0(), actual.y0(), EXACT, why + " y0 of " + actual);
        assertEquals(expected.x1(), actual.x1(), EXACT, why + " x1 of " + actual);
        assertEquals(expected.y1(), actual.y1(), EXACT, why + " y1 of " + actual);
    }

    @Test
    void mapsGridBoxesToViewAndSourcePixelsOnAPaddedImage() {
        GridGeometry grid = new GridGeometry(WIDE, 12, 12);
        GridBox box = new GridBox(3, 4, 6, 7);
        assertBox(new Box(24, 32, 48, 56), grid.toView(box));
        assertBox(new Box(128, 32 * 512 / 96.0 - 128, 256, 56 * 512 / 96.0 - 128), grid.toSource(box));
        assertBox(new Box(128, 0, 256, 40 * 512 / 96.0 - 128), grid.toSource(new GridBox(3, 2, 6, 5)),
            "clipped at the image's top edge");
        assertTrue(grid.toSource(new GridBox(3, 0, 6, 3)).isEmpty(), "only letterbox padding");
        assertThrows(IllegalArgumentException.class, () -> grid.toView(new GridBox(10, 0, 13, 2)));
    }

    @Test
    void oneRegionCropsItsBoxAndKeepsEveryToken() {
        RoiDecision decision = selector.decide(probabilities(12, new GridBox(3, 4, 6, 7)), 12, 12);
        CropPlan plan = planner.plan(decision, WIDE).orElseThrow();
        assertEquals(RoiMode.BBOX, plan.mode());
        Box source = new Box(128, 32 * 512 / 96.0 - 128, 256, 56 * 512 / 96.0 - 128);
        assertBox(source, plan.sourceBox());
        assertBox(source, plan.cropView().sourceRegion());
        assertBox(source, plan.cropView().toSource(new Box(0, 0, 96, 96)));
        assertEquals(96, plan.cropView().targetSize());
        assertEquals(36, plan.keptTokens().length);
        assertEquals(35, plan.keptTokens()[35]);
    }

    @Test
    void centroidCentringKeepsTheBoxSizeAndMovesItToTheProbabilityMass() {
        // a 3x3 region whose right column is far more probable than the rest (blurred and
        // thresholded as usual): the box stays 3x3 cells but its centre moves right
        float[] p = probabilities(12, new GridBox(3, 3, 6, 6));
        for (int r = 3; r < 6; r++) {
            p[r * 12 + 3] = 0.2f;
            p[r * 12 + 5] = 1f;
        }
        RoiDecision decision = selector.decide(p, 12, 12);
        CropPlanner centring = new CropPlanner(CropSpec.of(96, 6), centred(CropGeometry.NO_SIDE_CAP));
        CropPlan boxed = planner.plan(decision, SQUARE).orElseThrow();
        CropPlan centred = centring.plan(decision, SQUARE).orElseThrow();
        assertEquals(boxed.sourceBox().width(), centred.sourceBox().width(), EXACT);
        assertEquals(boxed.sourceBox().height(), centred.sourceBox().height(), EXACT);
        assertEquals(boxed.sourceBox().centreY(), centred.sourceBox().centreY(), 1e-6);
        assertTrue(centred.sourceBox().centreX() > boxed.sourceBox().centreX(),
            boxed.sourceBox() + " -> " + centred.sourceBox());
        assertEquals(CropGeometry.REFERENCE, planner.geometry());
    }

    @Test
    void aBoxCentredOnMassAtTheImagesEdgeStaysOnTheImage() {
        // a 3x3 region on the left edge whose mass sits in the edge column: centred on it, the box
        // would reach 1.5 cells past the edge
        float[] p = probabilities(12, new GridBox(0, 4, 3, 7));
        for (int r = 4; r < 7; r++) {
            p[r * 12] = 1f;
            p[r * 12 + 2] = 0.2f;
        }
        RoiDecision decision = selector.decide(p, 12, 12);
        assertEquals(RoiMode.BBOX, decision.mode());
        CropPlan centred = new CropPlanner(CropSpec.of(96, 6), centred(CropGeometry.NO_SIDE_CAP))
            .plan(decision, SQUARE).orElseThrow();
        assertEquals(0, centred.sourceBox().x0(), EXACT, centred.sourceBox().toString());
        assertTrue(centred.sourceBox().x1() < planner.plan(decision, SQUARE).orElseThrow().sourceBox().x1(),
            "moved towards the edge, cut at it: " + centred.sourceBox());
        assertTrue(centred.cropView().x0() >= 0, centred.cropView().toString());
    }

    @Test
    void aSideCapCutsTheBoxDownAroundItsCentre() {
        assertCapped(SQUARE, selector.decide(probabilities(12, new GridBox(3, 3, 7, 6)), 12, 12), 2, 32);
        assertCapped(WIDE, selector.decide(probabilities(12, new GridBox(2, 4, 9, 8)), 12, 12), 1.5, 512 / 12.0);
        RoiDecision small = selector.decide(probabilities(12, new GridBox(5, 5, 6, 6)), 12, 12);
        Box uncapped = planner.plan(small, SQUARE).orElseThrow().sourceBox();
        assertTrue(uncapped.width() < 4 * 32, uncapped.toString());
        assertEquals(uncapped, new CropPlanner(CropSpec.of(96, 6), boxed(4)).plan(small, SQUARE)
            .orElseThrow().sourceBox());
        assertThrows(IllegalArgumentException.class,
            () -> boxed(-1));
    }

    private void assertCapped(ViewTransform view, RoiDecision decision, double capCells, double cellSourcePx) {
        Box uncapped = planner.plan(decision, view).orElseThrow().sourceBox();
        Box capped = new CropPlanner(CropSpec.of(96, 6), boxed(capCells)).plan(decision, view)
            .orElseThrow().sourceBox();
        double side = capCells * cellSourcePx;
        assertTrue(uncapped.width() > side && uncapped.height() > side, uncapped + " is not above the cap");
        assertBox(new Box(uncapped.centreX() - side / 2, uncapped.centreY() - side / 2, uncapped.centreX() + side / 2,
            uncapped.centreY() + side / 2), capped);
    }

    @Test
    void aNonSquareBoxGetsASquareCropKeptInsideTheImage() {
        RoiDecision decision = selector.decide(probabilities(12, new GridBox(0, 5, 4, 7)), 12, 12);
        CropPlan plan = planner.plan(decision, WIDE).orElseThrow();
        double top = 40 * 512 / 96.0 - 128;
        double bottom = 56 * 512 / 96.0 - 128;
        assertBox(new Box(0, top, 4 * 512 / 12.0, bottom), plan.sourceBox());
        double side = 4 * 512 / 12.0;
        double y0 = (top + bottom) / 2 - side / 2;
        assertBox(new Box(0, y0, side, y0 + side), plan.cropView().sourceRegion());
    }

    @Test
    void noPlanWithoutRoiOrWhenTheBoxIsOnlyPadding() {
        RoiDecision none = selector.decide(new float[144], 12, 12);
        RoiDecision padding = selector.decide(probabilities(12, new GridBox(3, 0, 5, 2)), 12, 12);
        assertEquals(RoiMode.BBOX, padding.mode());
        assertEquals(List.of(Optional.empty(), Optional.empty()), planner.planAll(List.of(none, padding), List.of(WIDE, WIDE)));
    }

    @Test
    void maskModeKeepsTheCropTokensUnderTheSelectedCells() {
        RoiDecision decision = selector.decide(probabilities(12, new GridBox(2, 2, 4, 4), new GridBox(6, 6, 8, 8)), 12, 12);
        assertEquals(RoiMode.MASK, decision.mode());
        CropPlan plan = planner.plan(decision, SQUARE).orElseThrow();
        assertEquals(new GridBox(2, 2, 8, 8), plan.gridBox());
        assertBox(new Box(64, 64, 256, 256), plan.cropView().sourceRegion());
        // one crop token = one grid cell here: tokens (0,0),(0,1),(1,0),(1,1) and (4,4),(4,5),(5,4),(5,5)
        assertArrayEquals(new int[] {0, 1, 6, 7, 28, 29, 34, 35}, plan.keptTokens());
    }

    /**
     * A weak 2x2 block above left (2..3) and a strong 3x3 block below right (7..9), taken as blurred
     * already: two regions, MASK mode.
     */
    private RoiDecision weakAndStrongRegions() {
        float[] p = probabilities(12, new GridBox(7, 7, 10, 10));
        for (int r = 2; r < 4; r++) {
            for (int c = 2; c < 4; c++) {
                p[r * 12 + c] = 0.5f;
            }
        }
        RoiDecision decision = selector.decide(p, 12, 12);
        assertEquals(RoiMode.MASK, decision.mode());
        return decision;
    }

    @Test
    void theStrongestOfSeveralRegionsIsCroppedAloneAsOneRegion() {
        RoiDecision decision = weakAndStrongRegions();
        GridBox strong = new GridBox(7, 7, 10, 10);
        CropPlan plan = new CropPlanner(CropSpec.of(96, 6),
            new CropGeometry(CropGeometry.Centring.BOX, CropGeometry.NO_SIDE_CAP, CropGeometry.MultiRegion.STRONGEST_REGION))
            .plan(decision, SQUARE).orElseThrow();
        assertEquals(RoiMode.BBOX, plan.mode());
        assertEquals(strong, plan.gridBox());
        Box strongSource = new GridGeometry(SQUARE, 12, 12).toSource(strong);
        assertBox(strongSource, plan.sourceBox());
        assertEquals(36, plan.keptTokens().length);

        // centring and the cap apply to it as to any one-region crop
        Box cut = new CropPlanner(CropSpec.of(96, 6), CropGeometry.DEFAULT).plan(decision, SQUARE).orElseThrow()
            .sourceBox();
        assertEquals(CropGeometry.DEFAULT_MAX_SIDE_CELLS * 32, cut.width(), EXACT);
        assertTrue(strongSource.contains(cut.centreX(), cut.centreY()), cut + " outside " + strongSource);
        // the reference crops around both
        assertEquals(new GridBox(2, 2, 10, 10), planner.plan(decision, SQUARE).orElseThrow().gridBox());
    }

    @Test
    void givenRegionWeightsRankTheRegionsInsteadOfTheDecisionsOwnMap() {
        RoiDecision decision = weakAndStrongRegions();
        float[] attention = new float[144];
        attention[2 * 12 + 3] = 1f;
        for (CropGeometry.MultiRegion rule : List.of(CropGeometry.MultiRegion.STRONGEST_REGION,
            CropGeometry.MultiRegion.ATTENDED_REGION)) {
            CropPlanner ranked = new CropPlanner(CropSpec.of(96, 6),
                new CropGeometry(CropGeometry.Centring.BOX, CropGeometry.NO_SIDE_CAP, rule));
            assertEquals(new GridBox(2, 2, 4, 4), ranked.plan(decision, SQUARE, attention).orElseThrow().gridBox(), rule.name());
            assertEquals(new GridBox(7, 7, 10, 10), ranked.plan(decision, SQUARE).orElseThrow().gridBox(),
                rule + ": the decision's own map");
        }
        assertEquals(new GridBox(2, 2, 10, 10), planner.plan(decision, SQUARE, attention).orElseThrow().gridBox(),
            "mask mode crops every region whatever the weights");
    }

    @Test
    void aDecisionCutToItsStrongestRegionKeepsOnlyThatRegionsCells() {
        RoiDecision two = selector.decide(probabilities(12, new GridBox(2, 2, 4, 4), new GridBox(6, 6, 9, 9)), 12, 12);
        RoiDecision cut = two.strongestRegion(two.probabilities());
        assertEquals(RoiMode.BBOX, cut.mode());
        assertEquals(new GridBox(6, 6, 9, 9), cut.box());
        assertTrue(cut.isSelected(7, 7));
        assertFalse(cut.isSelected(2, 2), "the other region's cells are not selected");
        assertEquals(new GridBox(2, 2, 4, 4), two.strongestRegion(new float[144]).box(), "the first of equals");
        RoiDecision one = selector.decide(probabilities(12, new GridBox(2, 2, 4, 4)), 12, 12);
        assertEquals(one, one.strongestRegion(new float[144]));
        assertThrows(IllegalArgumentException.class, () -> two.strongestRegion(new float[10]));
    }

    @Test
    void maskIsResizedToACoarserTokenGrid() {
        RoiDecision decision = selector.decide(probabilities(12, new GridBox(2, 2, 4, 4), new GridBox(6, 6, 8, 8)), 12, 12);
        CropPlan plan = new CropPlanner(CropSpec.of(96, 3)).plan(decision, SQUARE).orElseThrow();
        // a token spans 2x2 cells; its centre samples the mask halfway between 4 cell centres
        assertArrayEquals(new int[] {0, 8}, plan.keptTokens());
    }

    @Test
    void maskTokensFollowASquaredCropOfAWideBox() {
        RoiDecision decision = selector.decide(probabilities(12, new GridBox(2, 2, 4, 4), new GridBox(6, 2, 8, 4)), 12, 12);
        CropPlan plan = planner.plan(decision, SQUARE).orElseThrow();
        assertEquals(new GridBox(2, 2, 8, 4), plan.gridBox());
        assertBox(new Box(64, 0, 256, 192), plan.cropView().sourceRegion());
        // token (r, c) is cell (r, c + 2): selected rows 2-3, columns 2-3 and 6-7
        assertArrayEquals(new int[] {12, 13, 16, 17, 18, 19, 22, 23}, plan.keptTokens());
    }

    @Test
    void keptTokensThresholdTheBilinearMask() {
        GridGeometry grid = new GridGeometry(SQUARE, 12, 12);
        boolean[] mask = new boolean[144];
        mask[2 * 12 + 2] = true;
        // crop showing cells 2..3 x 2..3 (source 64..128) as 4x4 tokens: token centres fall at cell
        // coordinates 1.75, 2.25, 2.75, 3.25 (cell centres at index + 0.5 taken as the index), so the
        // selected cell 2 weighs 0.75, 0.75, 0.25, 0 along each axis
        ViewTransform crop = ViewTransform.of(384, 384, 64, 64, 64, 96);
        assertArrayEquals(new int[] {0, 1, 4, 5}, grid.keptTokens(mask, crop, 4, 4, 0.5), "0.75 x 0.75 = 0.5625");
        assertArrayEquals(new int[] {}, grid.keptTokens(mask, crop, 4, 4, 0.6));
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6, 8, 9}, grid.keptTokens(mask, crop, 4, 4, 0.18),
            "0.75 x 0.25 = 0.1875 is in, 0.25 x 0.25 is out");
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6, 8, 9, 10}, grid.keptTokens(mask, crop, 4, 4, 0.0));
    }

    @Test
    void aMaskWithNoTokenUnderItGivesNoPlan() {
        List<Region> two = List.of(new Region(new GridBox(0, 0, 2, 2), 4, false), new Region(new GridBox(9, 9, 12, 12), 9, false));
        RoiDecision decision = new RoiDecision(RoiMode.MASK, 12, 12, two, new GridBox(0, 0, 12, 12), new boolean[144],
            new float[144], 0, 0);
        assertEquals(Optional.empty(), planner.plan(decision, SQUARE));
    }

    @Test
    void rejectsMismatchedBatches() {
        assertThrows(IllegalArgumentException.class, () -> planner.planAll(List.of(), List.of(SQUARE)));
    }
}
