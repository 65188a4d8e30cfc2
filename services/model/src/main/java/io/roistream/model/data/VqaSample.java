package io.roistream.model.data;

import io.roistream.model.image.Box;
import java.util.Objects;

/**
 * One question about one image, with its answer.
 *
 * @param imageId  the image's id
 * @param question the question text
 * @param answer   the answer (one vocabulary word)
 * @param kind     fine (needs the label) or coarse
 * @param template the template key (see {@link QuestionTemplate#key()}); any text for foreign data
 * @param box      the referenced object's box in source pixels; null when the question refers to no
 *                 single object (counts, absent objects)
 * @param objectId the referenced object's id, -1 when {@code box} is null
 */
public record VqaSample(String imageId, String question, String answer, QuestionKind kind, String template, Box box, int objectId) {

    /** Checks the required fields. */
    public VqaSample {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(template, "template");
        if (box == null && objectId != -1) {
            throw new IllegalArgumentException("objectId must be -1 without a box, got " + objectId);
        }
        if (objectId < -1) {
            throw new IllegalArgumentException("objectId must be >= -1, got " + objectId);
        }
    }
}
