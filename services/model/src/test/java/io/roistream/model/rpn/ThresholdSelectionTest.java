package io.roistream.model.rpn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The rule that picks tau from the candidates' IoUs with the held-back pseudo-label boxes. */
class ThresholdSelectionTest {

  @Test
  void aClearlyBetterHigherThresholdIsPicked() {
    assertEquals(1, ThresholdSelection.pick(new double[][] {{0, 0, 0}, {1, 1, 1}}));
    // a small gain on every label is no noise: its paired error is zero
    assertEquals(1, ThresholdSelection.pick(new double[][] {
        {0.5, 0.5, 0.5, 0.5}, {0.55, 0.55, 0.55, 0.55}}));
  }

  @Test
  void aLowerThresholdWithinOneStandardErrorOfTheBestIsPicked() {
    // best mean 0.525 against 0.5; paired shortfalls 0.1, -0.1, 0.1, 0: mean 0.025, error 0.048
    assertEquals(0, ThresholdSelection.pick(new double[][] {
        {0.5, 0.4, 0.6, 0.5}, {0.6, 0.3, 0.7, 0.5}, {0.2, 0.1, 0.2, 0.1}}));
  }

  @Test
  void theLowestOfSeveralCloseCandidatesAndTheFirstOfEqualsWin() {
    assertEquals(1, ThresholdSelection.pick(new double[][] {
        {0, 0, 0, 0}, {0.5, 0.4, 0.6, 0.5}, {0.6, 0.3, 0.7, 0.5}}));
    assertEquals(0, ThresholdSelection.pick(new double[][] {{0.4, 0.6}, {0.4, 0.6}}));
    assertEquals(0, ThresholdSelection.pick(new double[][] {{0.9, 0.8}, {0.1, 0.2}}));
  }

  @Test
  void withoutHeldBackLabelsTheFirstCandidateIsPicked() {
    assertEquals(0, ThresholdSelection.pick(new double[3][0]));
  }
}
