package io.roistream.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoxTest {

    @Test
    void measuresItself() {
        Box box = new Box(10, 20, 40, 60);
        assertEquals(30, box.width());
        assertEquals(40, box.height());
        assertEquals(1200, box.area());
        assertEquals(25, box.centreX());
        assertEquals(40, box.centreY());
        assertTrue(box.contains(10, 20));
        assertFalse(box.contains(40, 59), "the right edge is outside (half-open)");
    }

    @Test
    void intersectsUnitesAndScoresOverlap() {
        Box a = new Box(0, 0, 10, 10);
        Box b = new Box(5, 5, 15, 15);
        assertEquals(new Box(5, 5, 10, 10), a.intersect(b));
        assertEquals(new Box(0, 0, 15, 15), a.enclosing(b));
        assertEquals(25.0 / 175.0, a.iou(b), 1e-12);
        assertEquals(1.0, a.iou(a), 1e-12);
        Box far = new Box(20, 20, 30, 30);
        assertTrue(a.intersect(far).isEmpty());
        assertEquals(0, a.iou(far));
        assertFalse(a.overlaps(new Box(10, 0, 20, 10)), "touching edges do not overlap");
    }

    @Test
    void rejectsInvertedOrNonFiniteCorners() {
        assertThrows(IllegalArgumentException.class, () -> new Box(5, 0, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, Double.NaN, 1));
    }

    @Test
    void roundTripsThroughArrays() {
        Box box = new Box(1.5, 2.5, 3.5, 4.5);
        assertArrayEquals(new double[] {1.5, 2.5, 3.5, 4.5}, box.toArray());
        assertEquals(box, Box.fromArray(box.toArray()));
        assertThrows(IllegalArgumentException.class, () -> Box.fromArray(new double[3]));
    }

    @Test
    void expandsAroundItsCentre() {
        assertEquals(new Box(8, 8, 22, 22), new Box(10, 10, 20, 20).expand(2));
        assertTrue(new Box(10, 10, 20, 20).expand(-6).isEmpty());
    }
}
