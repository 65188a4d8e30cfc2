package io.roistream.model.labels;

import static io.roistream.model.labels.PseudoLabel.BACKGROUND;
import static io.roistream.model.labels.PseudoLabel.FOREGROUND;
import static io.roistream.model.labels.PseudoLabel.IGNORE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PseudoLabelRulesTest {

    private static final float[] NO_SINKS = new float[36];

    private static final int F = FOREGROUND;
    private static final int B = BACKGROUND;
    private static final int I = IGNORE;

    private final PseudoLabelRules rules = PseudoLabelRules.defaults();

    /**
     * A 6x6 map, max 1.0 at (2,2): foreground (> 0.2) at (2,2), (2,3) and (3,2); inside their box
     * (3,3) is 0.15 (not foreground: ignored); outside the box 0.1 (not below 0.1: ignored), 0.09
     * (background) and 0.0 elsewhere (background).
     */
    private static float[] sixBySix() {
        float[] g = new float[36];
        g[2 * 6 + 2] = 1.0f;
        g[2 * 6 + 3] = 0.5f;
        g[3 * 6 + 2] = 0.21f;
        g[3 * 6 + 3] = 0.15f;
        g[0] = 0.1f;
        g[5 * 6 + 5] = 0.09f;
        return g;
    }

    @Test
    void labelsForegroundBackgroundAndIgnoredCellsWithATightBox() {
        PseudoLabel label = rules.label(new AttentionMaps(6, 6, sixBySix(), NO_SINKS));
        int[] expected = {
            I, B, B, B, B, B,
            B, B, B, B, B, B,
            B, B, F, F, B, B,
            B, B, F, I, B, B,
            B, B, B, B, B, B,
            B, B, B, B, B, B,
        };
        assertArrayEquals(expected, label.labels());
        assertEquals(new GridBox(2, 2, 4, 4), label.box());
        assertEquals(LabelOutcome.KEPT, label.outcome());
        assertTrue(label.kept());
        assertEquals(3, label.count(FOREGROUND));
    }

    @Test
    void foregroundThresholdIsStrictlyAboveTheShareOfTheMaximum() {
        float[] g = new float[36];
        g[0] = 5.0f;
        g[5] = 1.0f;
        PseudoLabel label = rules.label(new AttentionMaps(6, 6, g, NO_SINKS));
        assertEquals(FOREGROUND, label.label(0, 0));
        assertEquals(IGNORE, label.label(0, 5), "exactly 0.2 x max is neither foreground nor background");
        assertEquals(GridBox.cell(0, 0), label.box());
    }

    @Test
    void sinkCellsAreZeroedBeforeTheMaximumIsTaken() {
        float[] g = sixBySix();
        g[5 * 6] = 50f;
        float[] s = new float[36];
        s[5 * 6] = 1e-3f;
        s[2 * 6 + 2] = 0.9e-3f;
        PseudoLabel label = rules.label(new AttentionMaps(6, 6, g, s));
        assertEquals(BACKGROUND, label.label(5, 0), "a sink (s >= 1e-3) counts as 0, so it is background");
        assertEquals(FOREGROUND, label.label(2, 2), "s just below the threshold is no sink");
        assertEquals(new GridBox(2, 2, 4, 4), label.box());
        assertEquals(0f, rules.maskSinks(new AttentionMaps(6, 6, g, s))[30]);
    }

    @Test
    void dropsSamplesWhoseBoxCoversHalfTheGrid() {
        float[] g = new float[36];
        g[0] = 1f;
        g[2 * 6 + 5] = 1f; // box cols 0..5 (6), rows 0..2 (3): 18 cells = half of 36
        PseudoLabel label = rules.label(new AttentionMaps(6, 6, g, NO_SINKS));
        assertEquals(LabelOutcome.DROPPED_BOX_TOO_LARGE, label.outcome());
        assertFalse(label.kept());
        assertEquals(new GridBox(0, 0, 6, 3), label.box());

        g[2 * 6 + 5] = 0f;
        g[2 * 6 + 4] = 1f; // 5 x 3 = 15 cells < 18
        assertEquals(LabelOutcome.KEPT, rules.label(new AttentionMaps(6, 6, g, NO_SINKS)).outcome());
    }

    @Test
    void anEmptyMapGivesTheWholeImageAndIsDropped() {
        PseudoLabel label = rules.label(new AttentionMaps(6, 6, new float[36], NO_SINKS));
        assertEquals(GridBox.whole(6, 6), label.box());
        assertEquals(LabelOutcome.DROPPED_EMPTY_MAP, label.outcome());
        assertEquals(36, label.count(IGNORE));
    }

    @Test
    void aMapWhoseOnlyAttentionIsOnSinksIsEmpty() {
        float[] g = new float[36];
        g[7] = 1f;
        float[] s = new float[36];
        s[7] = 0.5f;
        assertEquals(LabelOutcome.DROPPED_EMPTY_MAP, rules.label(new AttentionMaps(6, 6, g, s)).outcome());
    }

    @Test
    void aNonFiniteMapIsDroppedWithEveryCellIgnored() {
        float[] g = sixBySix();
        g[4] = Float.NaN;
        PseudoLabel label = rules.label(new AttentionMaps(6, 6, g, NO_SINKS));
        assertEquals(LabelOutcome.DROPPED_NON_FINITE_MAP, label.outcome());
        assertEquals(36, label.count(IGNORE));
    }

    @Test
    void thresholdsAreConfigurable() {
        PseudoLabelRules loose = new PseudoLabelRules(new PseudoLabelConfig(1e-3, 0.12, 0.1, 0.9));
        PseudoLabel label = loose.label(new AttentionMaps(6, 6, sixBySix(), NO_SINKS));
        assertEquals(FOREGROUND, label.label(3, 3), "0.15 > 0.12 x max");
        assertEquals(IGNORE, label.label(0, 0), "0.1 is not below 0.1 x max");
        assertEquals(new GridBox(2, 2, 4, 4), label.box());
    }

    @Test
    void worksOnNonSquareGridsAndBatches() {
        float[] g = new float[3 * 8];
        g[1 * 8 + 6] = 2f;
        List<PseudoLabel> labels = rules.labelAll(List.of(new AttentionMaps(3, 8, g, new float[24]),
            new AttentionMaps(3, 8, new float[24], new float[24])));
        assertEquals(GridBox.cell(1, 6), labels.get(0).box());
        assertEquals(FOREGROUND, labels.get(0).label(1, 6));
        assertEquals(23, labels.get(0).count(BACKGROUND));
        assertEquals(LabelOutcome.DROPPED_EMPTY_MAP, labels.get(1).outcome());
    }

    @Test
    void rejectsUnusableThresholds() {
        assertThrows(IllegalArgumentException.class, () -> new PseudoLabelConfig(0, 0.2, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new PseudoLabelConfig(1e-3, 0.2, 0.3, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AttentionMaps(6, 6, new float[35], NO_SINKS));
    }
}
