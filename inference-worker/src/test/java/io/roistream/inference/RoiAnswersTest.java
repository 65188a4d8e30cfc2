package io.roistream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.AnswerMode;
import io.roistream.events.InferenceTask;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiBox;
import io.roistream.events.RoiMode;
import io.roistream.model.answer.Answer;
import io.roistream.model.image.Box;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoiAnswersTest {

    /** A 4 x 4 grid over a 64 px view: 16 px cells. */
    private static final RoiAnswers ANSWERS = new RoiAnswers("tiny", 4, 64);
    private static final Answer.Timings TIMINGS = new Answer.Timings(10, 20, 30, 40, 100);

    private static InferenceTask task() {
        return TestTasks.task("q-1", TestTasks.inline(new byte[] {1}), "what colour", "v7", RoiMode.AUTO);
    }

    @Test
    void rpnAnswerCarriesNormalisedScoredBoxesAndItsCheckpoint() {
        float[] heat = new float[16];
        Arrays.fill(heat, 0.1f);
        heat[0] = 0.9f; // row 0, col 0
        heat[1] = 0.7f; // row 0, col 1
        // a square 512 x 512 image: 8 source px per view px; the box covers cells (0,0) and (0,1)
        Answer answer = new Answer("red", Answer.Mode.RPN, List.of(new Box(0, 0, 256, 128)), heat, TIMINGS);
        RoiAnswer event = ANSWERS.roiAnswer(task(), answer, "v7", 512, 512, "s3://overlays/q-1.png",
            TestTasks.CREATED.plusMillis(50), TestTasks.CREATED.plusMillis(250));

        assertEquals("q-1", event.getQuestionId());
        assertEquals("red", event.getAnswer());
        assertEquals(AnswerMode.RPN, event.getMode());
        assertEquals("v7", event.getCheckpointVersion());
        assertEquals("tiny", event.getBackboneId());
        assertEquals("s3://overlays/q-1.png", event.getOverlayUri());
        assertEquals(TestTasks.CREATED.plusMillis(250), event.getCreatedAt());
        RoiBox box = event.getBoxes().get(0);
        assertEquals(List.of(0f, 0f, 0.5f, 0.25f), List.of(box.getX0(), box.getY0(), box.getX1(), box.getY1()));
        assertEquals(0.8f, box.getScore(), 1e-6);
        assertEquals(50.0, event.getLatency().getQueueMs(), 1e-9);
        assertEquals(20.0, event.getLatency().getRpnMs(), 1e-9);
        assertEquals(30.0, event.getLatency().getCropEncodeMs(), 1e-9);
        assertEquals(50.0, event.getLatency().getAnswerMs(), 1e-9);
        assertEquals(250.0, event.getLatency().getTotalMs(), 1e-9);
    }

    @Test
    void plainAnswerIsModeOffWithoutCheckpointOrBoxes() {
        Answer answer = new Answer("blue", Answer.Mode.PLAIN, List.of(), null, new Answer.Timings(10, 0, 0, 5, 15));
        RoiAnswer event = ANSWERS.roiAnswer(task(), answer, null, 300, 300, null, TestTasks.CREATED,
            TestTasks.CREATED.plusMillis(15));
        assertEquals(AnswerMode.OFF, event.getMode());
        assertNull(event.getCheckpointVersion());
        assertNull(event.getOverlayUri());
        assertTrue(event.getBoxes().isEmpty());
        assertEquals(0.0, event.getLatency().getRpnMs());
        assertEquals(15.0, event.getLatency().getAnswerMs(), 1e-9);
    }

    @Test
    void fallbackKeepsItsCheckpointAndLetterboxedBoxesAreClamped() {
        float[] heat = new float[16];
        Arrays.fill(heat, 0.5f);
        // a 1024 x 512 image letterboxed into 64 px: 16 source px per view px, padded 16 px at the top
        Answer answer = new Answer("", Answer.Mode.FALLBACK, List.of(new Box(-40, 0, 1200, 256)), heat, TIMINGS);
        RoiAnswer event = ANSWERS.roiAnswer(task(), answer, "v7", 1024, 512, null, TestTasks.CREATED.minusMillis(5),
            TestTasks.CREATED.minusMillis(1));
        assertEquals(AnswerMode.FALLBACK, event.getMode());
        assertEquals("v7", event.getCheckpointVersion());
        RoiBox box = event.getBoxes().get(0);
        assertEquals(List.of(0f, 0f, 1f, 0.5f), List.of(box.getX0(), box.getY0(), box.getX1(), box.getY1()));
        assertEquals(0.5f, box.getScore(), 1e-6);
        assertEquals(0.0, event.getLatency().getQueueMs(), "a clock behind createdAt reads as no wait");
    }

    @Test
    void everyModelModeHasAnEventMode() {
        assertEquals(AnswerMode.OFF, RoiAnswers.mode(Answer.Mode.PLAIN));
        assertEquals(AnswerMode.RPN, RoiAnswers.mode(Answer.Mode.RPN));
        assertEquals(AnswerMode.FALLBACK, RoiAnswers.mode(Answer.Mode.FALLBACK));
        assertEquals(AnswerMode.ATTENTION, RoiAnswers.mode(Answer.Mode.ATTENTION));
        assertEquals(AnswerMode.UNKNOWN, RoiAnswers.mode(Answer.Mode.ORACLE));
    }
}
