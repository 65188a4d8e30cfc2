package io.roistream.inference;

import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.image.ViewTransform;
import io.roistream.runtime.images.CheckedImage;
import io.roistream.runtime.images.ImageIntake;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Admits an inference task before the backbone sees it, cheapest checks first: the question id
 * ({@link AnswerObjects#checkQuestionId}), the deadline (a question already late is refused), the
 * asked threshold (strictly between 0 and 1), the question ({@link QuestionEncoder#encode}: empty,
 * no known word, over the text budget), then the image through {@link ImageIntake} (size limits,
 * checksum, header-only read against decompression bombs), its size against what the backbone can
 * view ({@value ViewTransform#MIN_SOURCE_SIDE}..{@value ViewTransform#MAX_SOURCE_SIDE} px a side,
 * still before decoding), and last the decoding itself.
 *
 * <p>Refusals are {@link InvalidInferenceTaskException}s or
 * {@link io.roistream.runtime.images.ImageRejectedException}s (both permanent); an object-store
 * outage surfaces as the store's transient exception. Checkpoints are not checked here.
 */
public final class TaskCheck {

    private final ImageIntake intake;
    private final QuestionEncoder encoder;
    private final Clock clock;

    /**
     * A task that passed every check.
     *
     * @param task the task
     * @param image the checked encoded image
     * @param pixels the decoded image
     */
    public record Admitted(InferenceTask task, CheckedImage image, BufferedImage pixels) {

        /** The question asked. */
        public Question question() {
            return task.getQuestion();
        }
    }

    /** Checks images with {@code intake}, questions with {@code encoder}, deadlines against {@code clock}. */
    public TaskCheck(ImageIntake intake, QuestionEncoder encoder, Clock clock) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The task with its checked and decoded image, or the reason it is refused. */
    public Admitted admit(InferenceTask task) {
        if (task == null) {
            throw new InvalidInferenceTaskException("value", "a tombstone (null value) is not an inference task");
        }
        Question question = task.getQuestion();
        AnswerObjects.checkQuestionId(question.getQuestionId());
        Instant deadline = question.getDeadline();
        Instant now = clock.instant();
        if (deadline != null && now.isAfter(deadline)) {
            throw new InvalidInferenceTaskException("deadline", "the deadline " + deadline + " passed before "
                + now);
        }
        Float threshold = question.getOptions().getThreshold();
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new InvalidInferenceTaskException("options.threshold", "the threshold " + threshold
                + " is not strictly between 0 and 1");
        }
        try {
            encoder.encode(question.getQuestion());
        } catch (IllegalArgumentException e) {
            throw new InvalidInferenceTaskException("question", e.getMessage(), e);
        }
        CheckedImage image = intake.check(question.getImage());
        try {
            ViewTransform.checkSourceSize(image.width(), image.height());
        } catch (IllegalArgumentException e) {
            throw new InvalidInferenceTaskException("image", e.getMessage(), e);
        }
        return new Admitted(task, image, image.decode());
    }
}
