package io.roistream.labeler;

import io.roistream.events.LabelRequest;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.images.CheckedImage;
import io.roistream.runtime.images.ImageIntake;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Admits a label request before the backbone sees it, cheapest checks first: the sample id, the
 * question ({@link PseudoLabeler#checkQuestion}: empty, no known word, over the text budget), then
 * the image through {@link ImageIntake} (size limits, checksum, header-only read against decompression
 * bombs), its size against what the backbone can view
 * ({@value ViewTransform#MIN_SOURCE_SIDE}..{@value ViewTransform#MAX_SOURCE_SIDE} px a side, still
 * before decoding), and last the decoding itself.
 *
 * <p>Refusals are {@link InvalidLabelRequestException}s or
 * {@link io.roistream.runtime.images.ImageRejectedException}s (both permanent); an object-store
 * outage surfaces as the store's transient exception.
 */
public final class LabelRequestCheck {

    private final ImageIntake intake;
    private final PseudoLabeler labeler;

    /**
     * A request that passed every check.
     *
     * @param request the request
     * @param image the checked encoded image
     * @param pixels the decoded image
     */
    public record Admitted(LabelRequest request, CheckedImage image, BufferedImage pixels) {}

    /** Checks images with {@code intake} and questions with {@code labeler}. */
    public LabelRequestCheck(ImageIntake intake, PseudoLabeler labeler) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.labeler = Objects.requireNonNull(labeler, "labeler");
    }

    /** The request with its checked and decoded image, or the reason it is refused. */
    public Admitted admit(LabelRequest request) {
        if (request == null) {
            throw new InvalidLabelRequestException("value", "a tombstone (null value) is not a label request");
        }
        LabelObjects.checkSampleId(request.getSampleId());
        try {
            labeler.checkQuestion(request.getQuestion());
        } catch (IllegalArgumentException e) {
            throw new InvalidLabelRequestException("question", e.getMessage(), e);
        }
        CheckedImage image = intake.check(request.getImage());
        try {
            ViewTransform.checkSourceSize(image.width(), image.height());
        } catch (IllegalArgumentException e) {
            throw new InvalidLabelRequestException("image", e.getMessage(), e);
        }
        return new Admitted(request, image, image.decode());
    }
}
