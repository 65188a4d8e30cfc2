package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectRefTest {

    @Test
    void parsesAndFormatsRoundTrip() {
        ObjectRef ref = ObjectRef.parse("s3://labels/clip-b16/sample-0001.maps");
        assertEquals("labels", ref.bucket());
        assertEquals("clip-b16/sample-0001.maps", ref.key());
        assertEquals("s3://labels/clip-b16/sample-0001.maps", ref.format());
        assertEquals(ref, ObjectRef.parse(ref.format()));
        assertEquals("s3://labels/other", ref.sibling("other").format());
    }

    @Test
    void refusesMalformedUris() {
        for (String bad : new String[] {"http://images/a.png", "s3://images", "s3://images/", "s3://Images/a.png",
                "s3://ab/a.png", "s3://-images/a.png", "s3://images//a.png", "s3://im..ages/a", "s3://images/a\nb", null}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ObjectRef.parse(bad), String.valueOf(bad));
            assertTrue(error.getMessage() != null && !error.getMessage().isBlank());
        }
    }

    @Test
    void refusesKeysOverTheS3Limit() {
        assertThrows(IllegalArgumentException.class, () -> new ObjectRef("images", "k".repeat(1025)));
        assertEquals(1024, new ObjectRef("images", "k".repeat(1024)).key().length());
    }
}
