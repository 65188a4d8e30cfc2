package io.roistream.model.data;

import io.roistream.model.image.Box;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Hand-made scenes for tests: a blank image with the given objects and their exact mask. */
final class Scenes {

    private Scenes() {
    }

    /** One object for {@link #of}: colour, shape, label and box (source pixels). */
    record Spec(Colour colour, Shape shape, String label, Box box) {
    }

    static Spec spec(Colour colour, Shape shape, String label, Box box) {
        return new Spec(colour, shape, label, box);
    }

    static Scene of(int width, int height, Spec... specs) {
        List<SceneObject> objects = new ArrayList<>();
        for (Spec spec : specs) {
            objects.add(new SceneObject(objects.size(), spec.colour(), spec.shape(), spec.label(), spec.box()));
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        return new Scene("hand-made", image, objects, Scene.objectIdPerPixel(width, height, objects));
    }
}
