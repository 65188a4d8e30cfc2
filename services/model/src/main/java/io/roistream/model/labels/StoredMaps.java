package io.roistream.model.labels;

/**
 * What one stored maps file holds: the maps of one sample and the id of the backbone that made
 * them (labels from different backbones must never mix). The sample id is the file's key.
 */
public record StoredMaps(String backboneId, AttentionMaps maps) {

    /** Checks that both parts are present and the id is not blank. */
    public StoredMaps {
        if (backboneId == null || backboneId.isBlank()) {
            throw new IllegalArgumentException("backbone id must not be blank");
        }
        if (maps == null) {
            throw new IllegalArgumentException("maps are missing");
        }
    }
}
