package io.roistream.coordinator.labels;

import static io.roistream.coordinator.TestEvents.T0;
import static io.roistream.coordinator.TestEvents.dropped;
import static io.roistream.coordinator.TestEvents.kept;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.coordinator.labels.LabelMerge.Outcome;
import io.roistream.coordinator.labels.LabelMerge.Result;
import io.roistream.events.PseudoLabel;
import org.junit.jupiter.api.Test;

class LabelMergeTest {

    private static final long ROUND = 4;

    @Test
    void aFirstKeptLabelIsOneNewLabelOfTheCurrentRound() {
        Result result = LabelMerge.merge(null, kept("s1"), ROUND);
        assertEquals(Outcome.ADDED, result.outcome());
        assertEquals(1, result.newLabelDelta());
        assertTrue(result.merged().newIn(ROUND));
    }

    @Test
    void aFirstDroppedLabelIsStoredUncounted() {
        Result result = LabelMerge.merge(null, dropped("s1", "r1", T0), ROUND);
        assertEquals(Outcome.ADDED, result.outcome());
        assertEquals(0, result.newLabelDelta());
        assertEquals(MergedLabel.NOT_COUNTED, result.merged().countedInRound());
        assertFalse(result.merged().usable());
    }

    @Test
    void theSameLabelAgainChangesNothing() {
        PseudoLabel label = kept("s1");
        Result result = LabelMerge.merge(new MergedLabel(label, ROUND), PseudoLabel.newBuilder(label).build(), ROUND);
        assertEquals(Outcome.DUPLICATE, result.outcome());
        assertFalse(result.changed());
    }

    @Test
    void anOlderLabelChangesNothing() {
        MergedLabel stored = new MergedLabel(kept("s1", "r2", T0.plusSeconds(5)), ROUND);
        Result result = LabelMerge.merge(stored, kept("s1", "r1", T0), ROUND);
        assertEquals(Outcome.OUTDATED, result.outcome());
        assertNull(result.merged());
    }

    @Test
    void relabellingAKeptSampleKeepsItsRoundAndCountsNothing() {
        MergedLabel stored = new MergedLabel(kept("s1", "r1", T0), ROUND - 1);
        Result result = LabelMerge.merge(stored, kept("s1", "r2", T0.plusSeconds(1)), ROUND);
        assertEquals(Outcome.REPLACED, result.outcome());
        assertEquals(0, result.newLabelDelta());
        assertEquals(ROUND - 1, result.merged().countedInRound());
        assertEquals("r2", result.merged().label().getRequestId());
    }

    @Test
    void aDroppedSampleRelabelledKeptBecomesNew() {
        MergedLabel stored = new MergedLabel(dropped("s1", "r1", T0), MergedLabel.NOT_COUNTED);
        Result result = LabelMerge.merge(stored, kept("s1", "r2", T0.plusSeconds(1)), ROUND);
        assertEquals(1, result.newLabelDelta());
        assertTrue(result.merged().newIn(ROUND));
    }

    @Test
    void droppingALabelUncountsItOnlyWhenItWasNewInThisRound() {
        MergedLabel newThisRound = new MergedLabel(kept("s1", "r1", T0), ROUND);
        assertEquals(-1, LabelMerge.merge(newThisRound, dropped("s1", "r2", T0.plusSeconds(1)), ROUND).newLabelDelta());
        MergedLabel alreadyTrainedOn = new MergedLabel(kept("s1", "r1", T0), ROUND - 1);
        Result result = LabelMerge.merge(alreadyTrainedOn, dropped("s1", "r2", T0.plusSeconds(1)), ROUND);
        assertEquals(0, result.newLabelDelta());
        assertEquals(MergedLabel.NOT_COUNTED, result.merged().countedInRound());
    }
}
