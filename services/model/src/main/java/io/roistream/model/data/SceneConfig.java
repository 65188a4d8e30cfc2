package io.roistream.model.data;

import io.roistream.model.image.ViewTransform;
import java.util.List;

/**
 * What {@link SceneGenerator} draws.
 *
 * @param width          image width in pixels (256..2048)
 * @param height         image height in pixels (256..2048)
 * @param minObjects     fewest objects per scene (at least 1)
 * @param maxObjects     most objects per scene (at most 18, the colour-shape pairs)
 * @param minObjectSize  smallest object box width in pixels (grown where a label would not fit)
 * @param maxObjectSize  largest object box width in pixels
 * @param minLabelDigits fewest digits of a label (1 or 2)
 * @param maxLabelDigits most digits of a label (1 or 2)
 * @param fonts          font families to draw labels in: Java logical names (SansSerif, Serif,
 *                       Monospaced, Dialog, DialogInput) or installed faces (e.g. "DejaVu Sans");
 *                       faces that are not installed are skipped
 * @param minGlyphHeight smallest height of a digit glyph in pixels
 * @param maxGlyphHeight largest height of a digit glyph in pixels
 * @param clutterLines   thin lines drawn on the background under the objects
 * @param objectGap      least gap in pixels between two object boxes and between a box and the image edge
 */
public record SceneConfig(
    int width,
    int height,
    int minObjects,
    int maxObjects,
    int minObjectSize,
    int maxObjectSize,
    int minLabelDigits,
    int maxLabelDigits,
    List<String> fonts,
    double minGlyphHeight,
    double maxGlyphHeight,
    int clutterLines,
    int objectGap) {

    /** Default label fonts: the logical fonts, then DejaVu faces where installed. */
    public static final List<String> DEFAULT_FONTS = List.of(
        "SansSerif", "Serif", "Monospaced", "Dialog",
        "DejaVu Sans", "DejaVu Sans Mono", "DejaVu Serif", "DejaVu Sans Condensed", "DejaVu Serif Condensed");

    /** Checks every knob. */
    public SceneConfig {
        ViewTransform.checkSourceSize(width, height);
        fonts = List.copyOf(fonts);
        int pairs = Colour.values().length * Shape.values().length;
        require(minObjects >= 1 && minObjects <= maxObjects && maxObjects <= pairs,
            "objects per scene must satisfy 1 <= min <= max <= " + pairs + ", got " + minObjects + ".." + maxObjects);
        require(minObjectSize >= 8 && minObjectSize <= maxObjectSize,
            "object size must satisfy 8 <= min <= max, got " + minObjectSize + ".." + maxObjectSize);
        require(minLabelDigits >= 1 && minLabelDigits <= maxLabelDigits && maxLabelDigits <= 2,
            "label digits must satisfy 1 <= min <= max <= 2, got " + minLabelDigits + ".." + maxLabelDigits);
        require(maxObjects <= labelCount(minLabelDigits, maxLabelDigits),
            "labels are unique per scene: " + maxObjects + " objects need more labels than "
                + minLabelDigits + ".." + maxLabelDigits + " digits give");
        require(!fonts.isEmpty(), "at least one font family is needed");
        require(minGlyphHeight >= 4 && minGlyphHeight <= maxGlyphHeight,
            "glyph height must satisfy 4 <= min <= max, got " + minGlyphHeight + ".." + maxGlyphHeight);
        require(clutterLines >= 0, "clutter lines must be >= 0, got " + clutterLines);
        require(objectGap >= 0, "object gap must be >= 0, got " + objectGap);
        require(placeable(width, height, maxObjects, maxObjectSize, objectGap),
            maxObjects + " objects of up to " + maxObjectSize + " px do not fit comfortably on " + width + "x" + height);
    }

    /**
     * The defaults the backbone was designed for: 384 x 384, 3-5 objects of 40-72 px, 1-digit
     * labels with digits 12-15 px high (about 3.5 px in a 96 px global view, unreadable; 16-36 px
     * in a 96 px crop around the object, readable), 8 clutter lines.
     */
    public static SceneConfig defaults() {
        return new SceneConfig(384, 384, 3, 5, 40, 72, 1, 1, DEFAULT_FONTS, 12, 15, 8, 8);
    }

    /** This configuration with another image size. */
    public SceneConfig withSize(int newWidth, int newHeight) {
        return new SceneConfig(newWidth, newHeight, minObjects, maxObjects, minObjectSize, maxObjectSize,
            minLabelDigits, maxLabelDigits, fonts, minGlyphHeight, maxGlyphHeight, clutterLines, objectGap);
    }

    /** This configuration with another number of objects per scene. */
    public SceneConfig withObjects(int fewest, int most) {
        return new SceneConfig(width, height, fewest, most, minObjectSize, maxObjectSize,
            minLabelDigits, maxLabelDigits, fonts, minGlyphHeight, maxGlyphHeight, clutterLines, objectGap);
    }

    /** This configuration with other label digit counts. */
    public SceneConfig withLabelDigits(int fewest, int most) {
        return new SceneConfig(width, height, minObjects, maxObjects, minObjectSize, maxObjectSize,
            fewest, most, fonts, minGlyphHeight, maxGlyphHeight, clutterLines, objectGap);
    }

    /** This configuration with other label fonts. */
    public SceneConfig withFonts(List<String> families) {
        return new SceneConfig(width, height, minObjects, maxObjects, minObjectSize, maxObjectSize,
            minLabelDigits, maxLabelDigits, families, minGlyphHeight, maxGlyphHeight, clutterLines, objectGap);
    }

    /** How many distinct labels have {@code fewest} to {@code most} digits (10 for 1, 90 for 2). */
    static int labelCount(int fewest, int most) {
        return (fewest <= 1 ? 10 : 0) + (most >= 2 ? 90 : 0);
    }

    private static boolean placeable(int width, int height, int objects, int size, int gap) {
        double usable = (double) (width - gap) * (height - gap);
        return objects * Math.pow(size + gap, 2) <= 0.45 * usable && size + 2 * gap <= Math.min(width, height);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
