package io.roistream.model.data;

import io.roistream.model.image.Box;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/**
 * The object shapes of the synthetic scenes, with their words and their exact geometry inside an
 * object's box (source pixels): the circle is the ellipse inscribed in its (square) box, the
 * square is the box, the triangle has its base on the bottom edge and its apex at the top centre.
 * The box is always the tight bounding box of the drawn shape.
 */
public enum Shape {
    CIRCLE("circles"),
    SQUARE("squares"),
    TRIANGLE("triangles");

    /** Height over width of a triangle's box (an equilateral triangle). */
    static final double TRIANGLE_ASPECT = Math.sqrt(3) / 2;

    private final String plural;

    Shape(String plural) {
        this.plural = plural;
    }

    /** The word used in questions and answers, e.g. "circle". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The plural used in questions, e.g. "circles". */
    public String plural() {
        return plural;
    }

    /** The shape named by {@code word} (case-insensitive). */
    public static Shape fromWord(String word) {
        for (Shape shape : values()) {
            if (shape.word().equalsIgnoreCase(word)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("no shape is called '" + word + "'");
    }

    /** The outline of this shape in {@code box}, for drawing and for inside tests. */
    public java.awt.Shape outline(Box box) {
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(box.x0(), box.y0(), box.width(), box.height());
            case SQUARE -> new Rectangle2D.Double(box.x0(), box.y0(), box.width(), box.height());
            case TRIANGLE -> {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(box.x0(), box.y1());
                path.lineTo(box.x1(), box.y1());
                path.lineTo(box.centreX(), box.y0());
                path.closePath();
                yield path;
            }
        };
    }

    /** Height of the box of this shape for a box {@code width} pixels wide (whole pixels). */
    int heightFor(int width) {
        return this == TRIANGLE ? (int) Math.round(width * TRIANGLE_ASPECT) : width;
    }

    /** Where a label is centred: the box centre, or the triangle's incentre. */
    double[] labelCentre(Box box) {
        if (this == TRIANGLE) {
            return new double[] {box.centreX(), box.y1() - inradius(box.width(), box.height())};
        }
        return new double[] {box.centreX(), box.centreY()};
    }

    /** The smallest box width that leaves room for a label of the given size plus {@code pad} on each side. */
    int widthForLabel(double labelWidth, double labelHeight, double pad) {
        double diagonal = Math.hypot(labelWidth, labelHeight) + 2 * pad;
        return switch (this) {
            case CIRCLE -> (int) Math.ceil(diagonal);
            case SQUARE -> (int) Math.ceil(Math.max(labelWidth, labelHeight) + 2 * pad);
            case TRIANGLE -> (int) Math.ceil(diagonal / (2 * inradius(1, TRIANGLE_ASPECT)));
        };
    }

    private static double inradius(double width, double height) {
        double slant = Math.hypot(width / 2, height);
        return width * height / (width + 2 * slant);
    }
}
