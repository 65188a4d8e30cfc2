package io.roistream.coordinator.labels;

import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;

/**
 * The merge rule of the label set, a pure function of the stored entry and the arriving label:
 * <ul>
 *   <li>the first label of a (backbone version, sample) is {@link Outcome#ADDED};</li>
 *   <li>the same label again (a re-delivery) is a {@link Outcome#DUPLICATE} and changes nothing;</li>
 *   <li>a label older than the stored one (by {@code createdAt}) is {@link Outcome#OUTDATED} and
 *       changes nothing: the latest label wins whatever the arrival order;</li>
 *   <li>any other label (a re-labelling) {@link Outcome#REPLACED REPLACES} the stored one, its
 *       lineage (request id, labeler version) with it.</li>
 * </ul>
 * Counting: an entry counts as one new usable label when it becomes usable (added kept, or
 * replaced from dropped to kept); it keeps its round when a kept label replaces a kept one (a
 * re-labelled sample does not count twice), and leaves the count of the current round when it is
 * dropped after being counted in it.
 */
public final class LabelMerge {

    /** What an arriving label did to the label set. */
    public enum Outcome {
        /** First label of its (backbone version, sample). */
        ADDED,
        /** Replaced the stored label (a newer labelling). */
        REPLACED,
        /** The very label already stored (a re-delivery): nothing changed. */
        DUPLICATE,
        /** Older than the stored label: nothing changed. */
        OUTDATED
    }

    /**
     * The result of merging one label.
     *
     * @param outcome what happened
     * @param merged the entry to store; {@code null} when nothing changed
     * @param newLabelDelta the change (-1, 0 or +1) in the number of new usable labels of the current round
     */
    public record Result(Outcome outcome, MergedLabel merged, int newLabelDelta) {

        /** Whether the store must be written. */
        public boolean changed() {
            return merged != null;
        }
    }

    private LabelMerge() {
    }

    /**
     * Merges {@code incoming} into the entry {@code stored} (null when there is none) during
     * training round {@code round}.
     */
    public static Result merge(MergedLabel stored, PseudoLabel incoming, long round) {
        boolean incomingUsable = incoming.getDecision() == LabelDecision.KEPT;
        if (stored == null) {
            return incomingUsable
                    ? new Result(Outcome.ADDED, new MergedLabel(incoming, round), 1)
                    : new Result(Outcome.ADDED, new MergedLabel(incoming, MergedLabel.NOT_COUNTED), 0);
        }
        if (stored.label().equals(incoming)) {
            return new Result(Outcome.DUPLICATE, null, 0);
        }
        if (incoming.getCreatedAt().isBefore(stored.label().getCreatedAt())) {
            return new Result(Outcome.OUTDATED, null, 0);
        }
        if (incomingUsable && stored.usable()) {
            return new Result(Outcome.REPLACED, new MergedLabel(incoming, stored.countedInRound()), 0);
        }
        if (incomingUsable) {
            return new Result(Outcome.REPLACED, new MergedLabel(incoming, round), 1);
        }
        int delta = stored.newIn(round) ? -1 : 0;
        return new Result(Outcome.REPLACED, new MergedLabel(incoming, MergedLabel.NOT_COUNTED), delta);
    }
}
