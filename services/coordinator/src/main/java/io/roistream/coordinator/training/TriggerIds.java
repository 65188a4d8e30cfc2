package io.roistream.coordinator.training;

import io.roistream.runtime.manifest.LabelManifest;

/**
 * Trigger ids: {@code <backboneId>-trigger-<sequence>}, the sequence being the backbone's trigger
 * number padded to six digits. Deterministic, so a retried trigger (after a crash before its
 * transaction committed) gets the same id and overwrites the same manifest.
 */
public final class TriggerIds {

    private static final String SEPARATOR = "-trigger-";

    private TriggerIds() {
    }

    /** The id of trigger number {@code sequence} (from 1) of {@code backboneId}. */
    public static String of(String backboneId, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("trigger sequence numbers start at 1, not " + sequence);
        }
        return String.format("%s%06d", prefix(backboneId), sequence);
    }

    /** What every trigger id of {@code backboneId} starts with, before its sequence number. */
    public static String prefix(String backboneId) {
        return backboneId + SEPARATOR;
    }

    /**
     * Checks that {@code backboneId} can name its triggers and their manifests, whatever the
     * sequence number: the rules are those of {@link LabelManifest#location} and the object key it
     * builds ({@link io.roistream.runtime.objectstore.ObjectRef}), applied to the first and to the
     * longest trigger id.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkBackboneId(String backboneId) {
        try {
            LabelManifest.location(backboneId, of(backboneId, 1));
            LabelManifest.location(backboneId, of(backboneId, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backboneId '" + printable(backboneId)
                    + "' cannot name training triggers and their manifests: " + printable(e.getMessage()), e);
        }
    }

    /** {@code text} for a message: control characters as {@code ?}, at most 200 characters. */
    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        return shown.length() <= 200 ? shown : shown.substring(0, 200) + "... (" + text.length() + " characters)";
    }
}
