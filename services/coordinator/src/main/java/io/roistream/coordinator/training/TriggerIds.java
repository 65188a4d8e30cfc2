package io.roistream.coordinator.training;

/**
 * Trigger ids: {@code <backboneId>-trigger-<sequence>}, the sequence being the backbone's trigger
 * number padded to six digits. Deterministic, so a retried trigger (after a crash before its
 * transaction committed) gets the same id and overwrites the same manifest.
 */
public final class TriggerIds {

    private TriggerIds() {
    }

    /** The id of trigger number {@code sequence} (from 1) of {@code backboneId}. */
    public static String of(String backboneId, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("trigger sequence numbers start at 1, not " + sequence);
        }
        return String.format("%s-trigger-%06d", backboneId, sequence);
    }
}
