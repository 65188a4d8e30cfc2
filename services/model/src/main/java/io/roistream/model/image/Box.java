package io.roistream.model.image;

/**
 * An axis-aligned box from (x0, y0) to (x1, y1), with x growing to the right and y downwards.
 *
 * <p>The unit is stated wherever a box is used: source-image pixels, view pixels, or normalised
 * [0, 1] coordinates. In pixel units a pixel (i, j) covers [i, i + 1) x [j, j + 1), so the box of
 * a whole W x H image is (0, 0, W, H). A box may be empty (zero width or height) but never inverted.
 */
public record Box(double x0, double y0, double x1, double y1) {

    /** Checks that the corners are finite and ordered. */
    public Box {
        if (!Double.isFinite(x0) || !Double.isFinite(y0) || !Double.isFinite(x1) || !Double.isFinite(y1)) {
            throw new IllegalArgumentException("box corners must be finite: " + x0 + ", " + y0 + ", " + x1 + ", " + y1);
        }
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box corners are inverted: (" + x0 + ", " + y0 + ") - (" + x1 + ", " + y1 + ")");
        }
    }

    /** The box of the given size with its top-left corner at (x, y). */
    public static Box ofSize(double x, double y, double width, double height) {
        return new Box(x, y, x + width, y + height);
    }

    /** The box from {x0, y0, x1, y1}, the order used in files. */
    public static Box fromArray(double[] corners) {
        if (corners.length != 4) {
            throw new IllegalArgumentException("a box needs 4 numbers [x0, y0, x1, y1], got " + corners.length);
        }
        return new Box(corners[0], corners[1], corners[2], corners[3]);
    }

    /** {x0, y0, x1, y1}, the order used in files. */
    public double[] toArray() {
        return new double[] {x0, y0, x1, y1};
    }

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    public double area() {
        return width() * height();
    }

    public boolean isEmpty() {
        return width() <= 0 || height() <= 0;
    }

    public double centreX() {
        return (x0 + x1) / 2;
    }

    public double centreY() {
        return (y0 + y1) / 2;
    }

    /** Whether the point lies in the half-open box [x0, x1) x [y0, y1). */
    public boolean contains(double x, double y) {
        return x >= x0 && x < x1 && y >= y0 && y < y1;
    }

    /** Whether {@code other} lies entirely inside this box (edges may touch). */
    public boolean contains(Box other) {
        return other.x0 >= x0 && other.x1 <= x1 && other.y0 >= y0 && other.y1 <= y1;
    }

    /** Whether the two boxes share an area larger than zero. */
    public boolean overlaps(Box other) {
        return Math.min(x1, other.x1) > Math.max(x0, other.x0) && Math.min(y1, other.y1) > Math.max(y0, other.y0);
    }

    /**
     * The common part of the two boxes; an empty box (zero width or height, placed at the nearest
     * edge) when they do not overlap.
     */
    public Box intersect(Box other) {
        double ix0 = Math.max(x0, other.x0);
        double iy0 = Math.max(y0, other.y0);
        double ix1 = Math.max(ix0, Math.min(x1, other.x1));
        double iy1 = Math.max(iy0, Math.min(y1, other.y1));
        return new Box(ix0, iy0, ix1, iy1);
    }

    /** The smallest box that holds both boxes. */
    public Box enclosing(Box other) {
        return new Box(Math.min(x0, other.x0), Math.min(y0, other.y0), Math.max(x1, other.x1), Math.max(y1, other.y1));
    }

    /** Intersection over union; 0 when both boxes are empty. */
    public double iou(Box other) {
        double inter = intersect(other).area();
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** This box with every coordinate multiplied by the factors (e.g. pixels to normalised). */
    public Box scale(double sx, double sy) {
        return new Box(x0 * sx, y0 * sy, x1 * sx, y1 * sy);
    }

    /** This box moved by (dx, dy). */
    public Box translate(double dx, double dy) {
        return new Box(x0 + dx, y0 + dy, x1 + dx, y1 + dy);
    }

    /** This box grown by {@code margin} on every side (shrunk when negative, never inverted). */
    public Box expand(double margin) {
        double cx = centreX();
        double cy = centreY();
        double hw = Math.max(0, width() / 2 + margin);
        double hh = Math.max(0, height() / 2 + margin);
        return new Box(cx - hw, cy - hh, cx + hw, cy + hh);
    }
}
