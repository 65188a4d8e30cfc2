package io.roistream.coordinator.labels;

import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import java.util.Objects;

/**
 * One entry of a backbone's label set: the latest label of a (backbone version, sample) and the
 * training round in which it was counted as a new usable label.
 *
 * <p>A backbone's round is the number of training triggers issued for it so far. The labels new
 * since the last trigger are exactly the usable entries whose {@code countedInRound} is the
 * backbone's current round: issuing a trigger advances the round, which makes every earlier entry
 * old without rewriting it.
 *
 * @param label the latest pseudo-label (lineage included: request id, labeler version)
 * @param countedInRound the round in which it became usable and was counted as new; {@link #NOT_COUNTED}
 *     while it is dropped
 */
public record MergedLabel(PseudoLabel label, long countedInRound) {

    /** The {@code countedInRound} of an entry that is not usable. */
    public static final long NOT_COUNTED = -1;

    /** Checks the label is present. */
    public MergedLabel {
        Objects.requireNonNull(label, "label");
    }

    /** Whether the label may be trained on (the labeler kept it). */
    public boolean usable() {
        return label.getDecision() == LabelDecision.KEPT;
    }

    /** Whether this entry is one of the new usable labels of {@code round}. */
    public boolean newIn(long round) {
        return usable() && countedInRound == round;
    }
}
