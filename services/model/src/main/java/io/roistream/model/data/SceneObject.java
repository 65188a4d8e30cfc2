package io.roistream.model.data;

import io.roistream.model.image.Box;
import java.util.Objects;

/**
 * One object of a scene: a coloured shape with a 1-2 digit label written on it.
 *
 * @param id     the object's index in its scene (0, 1, ...), the value in {@link Scene#objectIdPerPixel()}
 * @param colour its colour
 * @param shape  its shape
 * @param label  the number written on it, as text ("0" to "99")
 * @param box    its tight bounding box in source-image pixels
 */
public record SceneObject(int id, Colour colour, Shape shape, String label, Box box) {

    /** Checks the fields. */
    public SceneObject {
        if (id < 0) {
            throw new IllegalArgumentException("object id must be >= 0, got " + id);
        }
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(box, "box");
        if (label == null || !label.matches("0|[1-9][0-9]?")) {
            throw new IllegalArgumentException("label must be a number from 0 to 99, got '" + label + "'");
        }
    }

    /** The outline of the object in source pixels. */
    public java.awt.Shape outline() {
        return shape.outline(box);
    }

    /** Whether the point (source pixels) lies inside the drawn shape. */
    public boolean contains(double x, double y) {
        return outline().contains(x, y);
    }

    /** The referring phrase of questions, e.g. "red circle". */
    public String name() {
        return colour.word() + " " + shape.word();
    }
}
