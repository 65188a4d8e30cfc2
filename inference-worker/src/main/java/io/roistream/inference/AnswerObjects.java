package io.roistream.inference;

import io.roistream.model.image.PngEncoder;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the inference worker writes to the object store: the overlay picture of an answer at
 * {@code s3://overlays/<questionId>.png}, a deterministic key, so a retried batch overwrites
 * instead of duplicating. Question ids are written as they are where they hold only letters,
 * digits, {@code .}, {@code _} and {@code -}; every other byte of their UTF-8 form is
 * percent-encoded ({@code a/b} becomes {@code a%2Fb}), so no id can reach outside the bucket.
 */
public final class AnswerObjects {

    /** Longest question id accepted, in UTF-8 bytes (its key stays well under S3's 1024). */
    public static final int MAX_QUESTION_ID_BYTES = 256;

    private final ObjectStore store;

    /** Writes to {@code store}, which the caller keeps and closes. */
    public AnswerObjects(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Creates the overlay bucket unless it exists. */
    public void ensureBuckets() {
        store.ensureBucket(ObjectStoreLayout.OVERLAYS_BUCKET);
    }

    /** Stores {@code picture} as the PNG overlay of {@code questionId} ({@link PngEncoder}); returns where. */
    public ObjectRef storeOverlay(String questionId, BufferedImage picture) {
        ObjectRef ref = overlayRef(questionId);
        store.put(ref, PngEncoder.encode(picture), "image/png");
        return ref;
    }

    /** {@code s3://overlays/<questionId>.png}, the id escaped. */
    public static ObjectRef overlayRef(String questionId) {
        return new ObjectRef(ObjectStoreLayout.OVERLAYS_BUCKET,
            ObjectStoreLayout.keySegment(questionId) + ObjectStoreLayout.OVERLAY_SUFFIX);
    }

    /**
     * Throws an {@link InvalidInferenceTaskException} unless {@code questionId} is usable: not blank,
     * at most {@value #MAX_QUESTION_ID_BYTES} UTF-8 bytes.
     */
    public static void checkQuestionId(String questionId) {
        if (questionId == null || questionId.isBlank()) {
            throw new InvalidInferenceTaskException("questionId", "the question id is blank");
        }
        int bytes = questionId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_QUESTION_ID_BYTES) {
            throw new InvalidInferenceTaskException("questionId", "the question id has " + bytes
                + " UTF-8 bytes, more than " + MAX_QUESTION_ID_BYTES);
        }
    }
}
