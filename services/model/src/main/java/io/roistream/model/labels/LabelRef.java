package io.roistream.model.labels;

import java.time.Instant;

/**
 * One labelled sample in a label set: where its stored maps are and which backbone made them when.
 *
 * @param sampleId the sample's id, unique within a label set
 * @param backboneId the backbone whose attention made the maps
 * @param mapsKey object-store key of the maps file ({@link MapsCodec})
 * @param producedAt when the maps were made; the latest label of a sample wins a merge
 */
public record LabelRef(String sampleId, String backboneId, String mapsKey, Instant producedAt) {

    /** Checks that every field is present. */
    public LabelRef {
        if (sampleId == null || sampleId.isBlank()) {
            throw new IllegalArgumentException("sample id must not be blank");
        }
        if (backboneId == null || backboneId.isBlank()) {
            throw new IllegalArgumentException("backbone id must not be blank");
        }
        if (mapsKey == null || mapsKey.isBlank()) {
            throw new IllegalArgumentException("maps key must not be blank");
        }
        if (producedAt == null) {
            throw new IllegalArgumentException("production time is missing");
        }
    }
}
