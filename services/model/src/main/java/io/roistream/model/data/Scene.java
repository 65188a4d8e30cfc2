package io.roistream.model.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One synthetic image with what is in it.
 *
 * @param id               the image id (file name without extension)
 * @param image            the picture ({@code TYPE_INT_RGB})
 * @param objects          the objects, {@code objects.get(i).id() == i}
 * @param objectIdPerPixel width x height object ids, row-major: the object whose shape covers the
 *                         pixel's centre, -1 for background and clutter. The array is shared, not
 *                         copied: do not modify it.
 */
public record Scene(String id, BufferedImage image, List<SceneObject> objects, int[] objectIdPerPixel) {

    /** Checks that the mask fits the image and that object ids are their indices. */
    public Scene {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        objects = List.copyOf(objects);
        if (objectIdPerPixel.length != image.getWidth() * image.getHeight()) {
            throw new IllegalArgumentException("mask has " + objectIdPerPixel.length + " entries for a "
                + image.getWidth() + "x" + image.getHeight() + " image");
        }
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).id() != i) {
                throw new IllegalArgumentException("object " + i + " has id " + objects.get(i).id());
            }
        }
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The object with this id. */
    public SceneObject object(int objectId) {
        return objects.get(objectId);
    }

    /** The object id at pixel (x, y), -1 for background or outside the image. */
    public int objectAt(int x, int y) {
        if (x < 0 || y < 0 || x >= width() || y >= height()) {
            return -1;
        }
        return objectIdPerPixel[y * width() + x];
    }

    /**
     * The object-id mask of objects drawn on a width x height image: a pixel belongs to an object
     * when its centre lies inside the object's shape; later objects win (they never overlap in
     * generated scenes).
     */
    public static int[] objectIdPerPixel(int width, int height, List<SceneObject> objects) {
        int[] mask = new int[width * height];
        Arrays.fill(mask, -1);
        for (SceneObject object : objects) {
            java.awt.Shape outline = object.outline();
            int xFrom = Math.max(0, (int) Math.floor(object.box().x0()));
            int xTo = Math.min(width, (int) Math.ceil(object.box().x1()));
            int yFrom = Math.max(0, (int) Math.floor(object.box().y0()));
            int yTo = Math.min(height, (int) Math.ceil(object.box().y1()));
            for (int y = yFrom; y < yTo; y++) {
                for (int x = xFrom; x < xTo; x++) {
                    if (outline.contains(x + 0.5, y + 0.5)) {
                        mask[y * width + x] = object.id();
                    }
                }
            }
        }
        return mask;
    }
}
