package io.roistream.trainer;

import io.roistream.model.labels.StoredMaps;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One entry of a label set, fetched and decoded: the image, the question asked about it and the
 * attention maps the labeler stored for the answer.
 *
 * @param sampleId the sample's id in the manifest
 * @param image the decoded image
 * @param question the question
 * @param maps the stored maps (with the backbone that made them)
 */
public record LabelledSample(String sampleId, BufferedImage image, String question, StoredMaps maps) {

    /** Requires every field. */
    public LabelledSample {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(maps, "maps");
    }
}
