package io.roistream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiMode;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.data.Vocabulary;
import io.roistream.runtime.images.ImageIntake;
import io.roistream.runtime.images.ImageLimits;
import io.roistream.runtime.images.ImageRejectedException;
import io.roistream.runtime.images.RejectionReason;
import io.roistream.runtime.images.TestImages;
import io.roistream.runtime.retry.RejectedInput;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Task checks on inline images, with the shipped vocabulary and a fixed clock. */
class TaskCheckTest {

    private static final Clock NOW = Clock.fixed(TestTasks.CREATED.plusSeconds(10), ZoneOffset.UTC);
    private static final TaskCheck CHECK = new TaskCheck(ImageIntake.inlineOnly(new ImageLimits(1 << 20, 1 << 20,
        40_000_000, 16_384, Set.of("png", "jpeg"))), new QuestionEncoder(new Vocabulary(), 20), NOW);

    private static InferenceTask task(UnaryOperator<Question.Builder> change) {
        InferenceTask task = TestTasks.task("q-1", TestTasks.inline(TestTasks.scenePng(1)),
            "What is written on the red circle?", "v1", RoiMode.AUTO);
        return InferenceTask.newBuilder(task).setQuestion(change.apply(Question.newBuilder(task.getQuestion())).build())
            .build();
    }

    private static InvalidInferenceTaskException refused(InferenceTask task, String field) {
        InvalidInferenceTaskException e = assertThrows(InvalidInferenceTaskException.class, () -> CHECK.admit(task));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(RejectedInput.isRejection(e), "dead-lettered as a rejection");
        return e;
    }

    @Test
    void aGoodTaskIsAdmittedWithItsDecodedImage() {
        TaskCheck.Admitted admitted = CHECK.admit(task(q -> q.setDeadline(TestTasks.CREATED.plusSeconds(60))));
        assertEquals(384, admitted.pixels().getWidth());
        assertEquals(384, admitted.image().height());
        assertEquals("q-1", admitted.question().getQuestionId());
    }

    @Test
    void badFieldsAreRefusedByName() {
        refused(null, "value");
        refused(task(q -> q.setQuestionId(" ")), "questionId");
        refused(task(q -> q.setQuestionId("x".repeat(AnswerObjects.MAX_QUESTION_ID_BYTES + 1))), "questionId");
        assertTrue(refused(task(q -> q.setDeadline(TestTasks.CREATED.plusSeconds(9))), "deadline").getMessage()
            .contains("passed"));
        refused(task(q -> q.setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.AUTO).setThreshold(1.5f)
            .build())), "options.threshold");
        assertTrue(refused(task(q -> q.setQuestion("")), "question").getMessage().contains("empty"));
        refused(task(q -> q.setQuestion("zzz qqq")), "question");
        refused(task(q -> q.setImage(TestTasks.inline(TestTasks.png(new BufferedImage(100, 300,
            BufferedImage.TYPE_INT_RGB))))), "image");
    }

    @Test
    void imagesAreCheckedBeforeDecoding() {
        ImageRejectedException bomb = assertThrows(ImageRejectedException.class, () -> CHECK.admit(
            task(q -> q.setImage(TestTasks.inline(TestImages.pngHeaderClaiming(100_000, 100_000))))));
        assertEquals(RejectionReason.TOO_MANY_PIXELS, bomb.reason());
    }
}
