package io.roistream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.roistream.model.answer.Answer;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.VqaSample;
import io.roistream.model.image.Box;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodScoreTest {

  private static final Box OBJECT = new Box(100, 100, 160, 160);
  private static final Answer.Timings TIMES = new Answer.Timings(0, 0, 0, 0, 0);

  @Test
  void fineAnswersAreSplitByWhetherTheirCropHoldsTheObjectsCentre() {
    SdRpnEvaluation.MethodScore score = new SdRpnEvaluation.MethodScore();
    score.add(fine("7"), answer("7", new Box(96, 96, 192, 192)));
    score.add(fine("7"), answer("1", new Box(96, 96, 192, 192)));
    score.add(fine("7"), answer("3", new Box(0, 0, 96, 96)));
    score.add(fine("7"), answer("7", null));
    score.add(new VqaSample("img", "what colour is the circle?", "red", QuestionKind.COARSE, "colour_of_shape",
        OBJECT, 0), answer("red", new Box(0, 0, 96, 96)));

    assertArrayEquals(new int[] {1, 2}, score.fineByCrop.get(SdRpnEvaluation.MethodScore.CROP_ON_OBJECT));
    assertArrayEquals(new int[] {0, 1}, score.fineByCrop.get(SdRpnEvaluation.MethodScore.CROP_OFF_OBJECT));
    assertArrayEquals(new int[] {1, 1}, score.fineByCrop.get(SdRpnEvaluation.MethodScore.NO_CROP));
    assertEquals(50.0, score.accuracy(QuestionKind.FINE));
    assertEquals(100.0, score.accuracy(QuestionKind.COARSE));
    assertFalse(score.fineByCrop.values().stream().anyMatch(c -> c[1] > 2), "coarse questions are not split");
  }

  @Test
  void pairedFineComparesTheSameFineQuestionsOfTwoMethods() {
    SdRpnEvaluation.MethodScore first = new SdRpnEvaluation.MethodScore();
    SdRpnEvaluation.MethodScore second = new SdRpnEvaluation.MethodScore();
    for (String[] answers : new String[][] {{"7", "7"}, {"7", "1"}, {"1", "1"}, {"7", "1"}}) {
      first.add(fine("7"), answer(answers[0], null));
      second.add(fine("7"), answer(answers[1], null));
    }
    first.add(new VqaSample("img", "what colour is the circle?", "red", QuestionKind.COARSE,
        "colour_of_shape", OBJECT, 0), answer("blue", null));
    second.add(new VqaSample("img", "what colour is the circle?", "red", QuestionKind.COARSE,
        "colour_of_shape", OBJECT, 0), answer("red", null));

    Map<String, Object> paired = EvaluationReport.pairedFine(
        new LinkedHashMap<>(Map.of("first", first, "second", second)), "first");
    @SuppressWarnings("unchecked")
    Map<String, Object> p = (Map<String, Object>) paired.get("first_vs_second");
    assertEquals(Set.of("first_vs_second"), paired.keySet());
    assertEquals(4, p.get("questions"), "coarse questions are not compared");
    assertEquals(2, p.get("first_only_right"));
    assertEquals(0, p.get("second_only_right"));
    assertEquals(50.0, p.get("difference_points"));
  }

  private static VqaSample fine(String label) {
    return new VqaSample("img", "what is written on the red circle?", label, QuestionKind.FINE, "label", OBJECT, 0);
  }

  private static Answer answer(String text, Box box) {
    return new Answer(text, box == null ? Answer.Mode.FALLBACK : Answer.Mode.RPN,
        box == null ? List.of() : List.of(box), null, TIMES);
  }
}
