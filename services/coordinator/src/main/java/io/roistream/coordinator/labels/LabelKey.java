package io.roistream.coordinator.labels;

import io.roistream.events.PseudoLabel;

/**
 * Keys of the label-set store: {@code <backboneId> US <backboneVersion> US <sampleId>}, US being the
 * ASCII unit separator (U+001F), which no id contains. All labels of one backbone share the prefix
 * {@link #backbonePrefix}, so the store is scanned per backbone; within it they sort by backbone
 * version, then sample id.
 */
public final class LabelKey {

    /** Separates the parts of a key. */
    public static final char SEPARATOR = '\u001F';

    private LabelKey() {
    }

    /** The key of {@code label}: one entry per backbone, backbone version and sample. */
    public static String of(PseudoLabel label) {
        return of(label.getBackboneId(), label.getBackboneVersion(), label.getSampleId());
    }

    /** The key of the label of {@code sampleId} produced by {@code backboneId} at {@code backboneVersion}. */
    public static String of(String backboneId, String backboneVersion, String sampleId) {
        return backbonePrefix(backboneId) + backboneVersion + SEPARATOR + sampleId;
    }

    /** The prefix shared by every key of {@code backboneId}. */
    public static String backbonePrefix(String backboneId) {
        return backboneId + SEPARATOR;
    }
}
