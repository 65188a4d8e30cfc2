package io.roistream.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSetTest {

    private static final String BACKBONE = "tiny-vlm-v1";

    private static LabelRef ref(String sample, String key, long second) {
        return new LabelRef(sample, BACKBONE, key, Instant.ofEpochSecond(second));
    }

    private static LabelSet hundred() {
        List<LabelRef> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            refs.add(ref(String.format("s%03d", i), "k" + i, i));
        }
        return LabelSet.of(BACKBONE, refs);
    }

    @Test
    void mergeKeepsOneLabelPerSampleTheLatest() {
        LabelSet textvqa = LabelSet.of(BACKBONE, List.of(ref("a", "a-old", 10), ref("b", "b-1", 10)));
        LabelSet gqa = LabelSet.of(BACKBONE, List.of(ref("a", "a-new", 20), ref("c", "c-1", 5)));
        LabelSet older = LabelSet.of(BACKBONE, List.of(ref("b", "b-0", 1)));

        LabelSet merged = LabelSet.merge(List.of(textvqa, gqa, older));

        assertEquals(3, merged.size(), "a appears twice but counts once");
        assertEquals(List.of("a", "b", "c"), merged.refs().stream().map(LabelRef::sampleId).toList());
        assertEquals("a-new", merged.get("a").orElseThrow().mapsKey());
        assertEquals("b-1", merged.get("b").orElseThrow().mapsKey(), "a later source with an older label loses");
        assertTrue(merged.get("z").isEmpty());
    }

    @Test
    void onEqualTimesTheLaterSourceWins() {
        LabelSet first = LabelSet.of(BACKBONE, List.of(ref("a", "first", 10)));
        LabelSet second = LabelSet.of(BACKBONE, List.of(ref("a", "second", 10)));
        assertEquals("second", LabelSet.merge(List.of(first, second)).get("a").orElseThrow().mapsKey());
        assertEquals("first", LabelSet.merge(List.of(second, first)).get("a").orElseThrow().mapsKey());
        assertEquals("dup-2", LabelSet.of(BACKBONE, List.of(ref("a", "dup-1", 3), ref("a", "dup-2", 3)))
            .get("a").orElseThrow().mapsKey());
    }

    @Test
    void refusesToMixBackbones() {
        LabelSet other = LabelSet.of("other", List.of(new LabelRef("a", "other", "k", Instant.EPOCH)));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.merge(List.of(hundred(), other)));
        assertThrows(IllegalArgumentException.class,
            () -> LabelSet.of(BACKBONE, List.of(new LabelRef("a", "other", "k", Instant.EPOCH))));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.merge(List.of()));
    }

    @Test
    void subsetIsAReproducibleSeededShuffle() {
        LabelSet set = hundred();
        List<LabelRef> a = set.subset(10, 42);
        assertEquals(a, set.subset(10, 42));
        List<LabelRef> reversed = new ArrayList<>(set.refs());
        Collections.reverse(reversed);
        assertEquals(a, LabelSet.of(BACKBONE, reversed).subset(10, 42), "the input order does not matter");
        assertNotEquals(a, set.subset(10, 43));
        assertEquals(10, new HashSet<>(a).size(), "no sample twice");
        assertTrue(set.refs().containsAll(a));
        assertNotEquals(set.refs().subList(0, 10), a, "shuffled, not the first ten");
    }

    @Test
    void smallerSubsetsArePrefixesOfLargerOnes() {
        LabelSet set = hundred();
        List<LabelRef> all = set.subset(1000, 7);
        assertEquals(100, all.size());
        assertEquals(100, new HashSet<>(all).size());
        assertEquals(all.subList(0, 25), set.subset(25, 7));
        assertEquals(List.of(), set.subset(0, 7));
        assertThrows(IllegalArgumentException.class, () -> set.subset(-1, 7));
    }
}
