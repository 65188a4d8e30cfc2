package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ObjectStoreLayoutTest {

    @Test
    void keySegmentKeepsSafeCharactersAndEncodesTheRest() {
        assertEquals("sample-01_a.b", ObjectStoreLayout.keySegment("sample-01_a.b"));
        assertEquals("..%2Fx", ObjectStoreLayout.keySegment("../x"));
        assertEquals("a%20b%C3%A9", ObjectStoreLayout.keySegment("a bé"));
    }

    @Test
    void keySegmentOfDotsAloneCannotClimbALevel() {
        assertEquals("%2E%2E", ObjectStoreLayout.keySegment(".."));
        assertEquals("%2E", ObjectStoreLayout.keySegment("."));
    }

    @Test
    void keySegmentEncodesThePercentSoTwoIdsNeverShareASegment() {
        assertEquals("a%252Fb", ObjectStoreLayout.keySegment("a%2Fb"));
        assertNotEquals(ObjectStoreLayout.keySegment("a/b"), ObjectStoreLayout.keySegment("a%2Fb"));
    }
}
