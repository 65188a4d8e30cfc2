package io.roistream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  @Test
  void countsTheQuestionsOnlyOneMethodGotRightAndTheErrorOfTheirDifference() {
    // differences per question: 0, +1, +1, -1, 0 -> mean 0.2; squared deviations
    // 0.04 + 0.64 + 0.64 + 1.44 + 0.04 = 2.8, sample variance 0.7, error sqrt(0.7 / 5)
    PairedComparison p = PairedComparison.of(List.of(true, true, true, false, false),
        List.of(true, false, false, true, false));
    assertEquals(5, p.questions());
    assertEquals(2, p.firstOnlyRight());
    assertEquals(1, p.secondOnlyRight());
    assertEquals(20.0, p.differencePoints(), 1e-9);
    assertEquals(100 * Math.sqrt(0.7 / 5), p.standardErrorPoints(), 1e-9);
  }

  @Test
  void questionsBothGetRightOrWrongAddNoError() {
    PairedComparison p = PairedComparison.of(List.of(true, false, true), List.of(true, false, true));
    assertEquals(0.0, p.differencePoints());
    assertEquals(0.0, p.standardErrorPoints());
  }

  @Test
  void answersToDifferentQuestionsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> PairedComparison.of(List.of(true), List.of(true, false)));
  }
}
