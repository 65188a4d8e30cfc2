package io.roistream.model.labels;

/** Argument checks shared by the map-handling classes of this package and {@code roi}. */
public final class Grids {

    /** Largest grid side accepted anywhere (a guard against corrupt sizes, far above 24). */
    public static final int MAX_SIDE = 1024;

    private Grids() {
    }

    /** Throws unless both sides are within 1..{@value #MAX_SIDE}; returns the number of cells. */
    public static int checkShape(int height, int width) {
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
            throw new IllegalArgumentException("grid must be 1.." + MAX_SIDE + " cells a side, got " + height + "x" + width);
        }
        return height * width;
    }

    /** Throws unless {@code map} holds exactly {@code height * width} values. */
    public static void checkMap(String name, float[] map, int height, int width) {
        int cells = checkShape(height, width);
        if (map == null) {
            throw new IllegalArgumentException(name + " map is missing");
        }
        if (map.length != cells) {
            throw new IllegalArgumentException(name + " map has " + map.length + " values, a " + height + "x" + width
                + " grid needs " + cells);
        }
    }
}
