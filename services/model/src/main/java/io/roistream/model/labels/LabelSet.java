package io.roistream.model.labels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * An immutable set of labelled samples of one backbone, at most one {@link LabelRef} per sample id,
 * ordered by sample id.
 *
 * <p>Merge rule (also applied when a set is built from refs): for each sample id the ref with the
 * latest {@link LabelRef#producedAt()} wins; on equal times the one met last wins (later source,
 * then later position within a source). So a sample labelled by several sources, or twice by one,
 * counts once, with its newest label. Sets of different backbones are never merged: labels of
 * different models must not mix.
 *
 * <p>{@link #subset(int, long)} is a seeded shuffle: the first n samples of a Fisher-Yates shuffle
 * (forward form) of the id-ordered set, driven by {@link java.util.Random} (whose algorithm is fixed
 * by its specification), so a subset is the same on every JVM, and a smaller subset with the same
 * seed is a prefix of a larger one (nested data-efficiency runs).
 */
public final class LabelSet {

    private final String backboneId;
    private final Map<String, LabelRef> bySample;
    private final List<LabelRef> refs;

    private LabelSet(String backboneId, Map<String, LabelRef> bySample) {
        this.backboneId = backboneId;
        this.bySample = Collections.unmodifiableMap(bySample);
        this.refs = List.copyOf(bySample.values());
    }

    /**
     * The set of the given refs, de-duplicated by the merge rule.
     *
     * @throws IllegalArgumentException when a ref belongs to another backbone
     */
    public static LabelSet of(String backboneId, Collection<LabelRef> refs) {
        if (backboneId == null || backboneId.isBlank()) {
            throw new IllegalArgumentException("backbone id must not be blank");
        }
        TreeMap<String, LabelRef> latest = new TreeMap<>();
        for (LabelRef ref : refs) {
            if (!ref.backboneId().equals(backboneId)) {
                throw new IllegalArgumentException("sample " + ref.sampleId() + " was labelled by backbone "
                    + ref.backboneId() + ", this set is for " + backboneId);
            }
            latest.merge(ref.sampleId(), ref, (kept, next) -> next.producedAt().isBefore(kept.producedAt()) ? kept : next);
        }
        return new LabelSet(backboneId, latest);
    }

    /**
     * The merge of several sets of one backbone, by the merge rule, sources taken in order.
     *
     * @throws IllegalArgumentException when there is no source or the backbones differ
     */
    public static LabelSet merge(List<LabelSet> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        String backbone = sources.get(0).backboneId;
        List<LabelRef> all = new ArrayList<>();
        for (LabelSet source : sources) {
            if (!source.backboneId.equals(backbone)) {
                throw new IllegalArgumentException("cannot merge labels of backbone " + source.backboneId + " into "
                    + backbone);
            }
            all.addAll(source.refs);
        }
        return of(backbone, all);
    }

    public String backboneId() {
        return backboneId;
    }

    /** The refs, ordered by sample id (unmodifiable). */
    public List<LabelRef> refs() {
        return refs;
    }

    public int size() {
        return refs.size();
    }

    /** The ref of a sample, if the set holds it. */
    public Optional<LabelRef> get(String sampleId) {
        return Optional.ofNullable(bySample.get(sampleId));
    }

    /**
     * A seeded random subset of {@code n} samples (all of them, shuffled, when {@code n >= size()}),
     * in shuffled order.
     */
    public List<LabelRef> subset(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("subset size must be >= 0, got " + n);
        }
        List<LabelRef> pool = new ArrayList<>(refs);
        Random random = new Random(seed);
        int take = Math.min(n, pool.size());
        for (int i = 0; i < take; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, take));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet other && backboneId.equals(other.backboneId) && refs.equals(other.refs);
    }

    @Override
    public int hashCode() {
        return 31 * backboneId.hashCode() + refs.hashCode();
    }

    @Override
    public String toString() {
        return "LabelSet[" + backboneId + ", " + refs.size() + " samples]";
    }
}
