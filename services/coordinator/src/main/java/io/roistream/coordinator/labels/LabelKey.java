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

    /**
     * Checks that {@code label} has a key of its own: none of its backbone id, backbone version and
     * sample id contains {@link #SEPARATOR} (which would let two labels share a key, or a label's key
     * fall under another backbone's prefix).
     *
     * @throws IllegalArgumentException naming the field
     */
    public static void check(PseudoLabel label) {
        requireNoSeparator(label.getBackboneId(), "backboneId");
        requireNoSeparator(label.getBackboneVersion(), "backboneVersion");
        requireNoSeparator(label.getSampleId(), "sampleId");
    }

    private static void requireNoSeparator(String part, String name) {
        if (part == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (part.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException(name + " contains the label-set key separator U+001F");
        }
    }

    /** The prefix shared by every key of {@code backboneId}. */
    public static String backbonePrefix(String backboneId) {
        return backboneId + SEPARATOR;
    }
}
