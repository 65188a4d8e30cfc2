package io.roistream.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.image.Box;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    private static final SceneGenerator GENERATOR = new SceneGenerator(SceneConfig.defaults());

    @Test
    void sameSeedGivesIdenticalPixelsObjectsAndMask() {
        Scene first = GENERATOR.generate(42);
        Scene second = new SceneGenerator(SceneConfig.defaults()).generate(42);
        assertEquals(first.id(), second.id());
        assertEquals(first.objects(), second.objects());
        assertArrayEquals(pixels(first.image()), pixels(second.image()));
        assertArrayEquals(first.objectIdPerPixel(), second.objectIdPerPixel());
    }

    @Test
    void differentSeedsGiveDifferentScenes() {
        assertFalse(java.util.Arrays.equals(pixels(GENERATOR.generate(1).image()), pixels(GENERATOR.generate(2).image())));
        assertNotEquals(GENERATOR.generate(1).id(), GENERATOR.generate(2).id());
        assertEquals("000000000000002a", SceneGenerator.sceneId(42));
    }

    @Test
    void objectsFollowTheConfigurationAndTheLayoutRules() {
        SceneConfig config = SceneConfig.defaults();
        Box image = new Box(0, 0, config.width(), config.height());
        for (long seed = 0; seed < 200; seed++) {
            Scene scene = GENERATOR.generate(seed);
            List<SceneObject> objects = scene.objects();
            assertTrue(objects.size() >= config.minObjects() && objects.size() <= config.maxObjects(), "count " + objects.size());
            Set<String> pairs = new HashSet<>();
            Set<String> labels = new HashSet<>();
            for (SceneObject object : objects) {
                assertTrue(pairs.add(object.name()), "colour-shape pair repeated in scene " + seed + ": " + object.name());
                assertTrue(labels.add(object.label()), "label repeated in scene " + seed);
                assertTrue(object.label().length() == 1, "default labels have one digit");
                assertTrue(image.expand(-config.objectGap()).contains(object.box()), "object near the edge: " + object);
                assertTrue(object.box().width() >= config.minObjectSize() && object.box().width() <= config.maxObjectSize());
                for (SceneObject other : objects) {
                    if (other != object) {
                        assertFalse(object.box().expand(config.objectGap() / 2.0).overlaps(other.box().expand(config.objectGap() / 2.0)),
                            "objects closer than the gap in scene " + seed);
                    }
                }
            }
        }
    }

    @Test
    void maskMarksEachObjectInsideItsBoxAndNothingElse() {
        Scene scene = GENERATOR.generate(7);
        int[] area = new int[scene.objects().size()];
        for (int y = 0; y < scene.height(); y++) {
            for (int x = 0; x < scene.width(); x++) {
                int id = scene.objectAt(x, y);
                if (id >= 0) {
                    area[id]++;
                    assertTrue(scene.object(id).box().contains(x + 0.5, y + 0.5), "mask pixel outside its box");
                    assertTrue(scene.object(id).contains(x + 0.5, y + 0.5));
                }
            }
        }
        for (SceneObject object : scene.objects()) {
            double expectedShare = switch (object.shape()) {
                case SQUARE -> 1.0;
                case CIRCLE -> Math.PI / 4;
                case TRIANGLE -> 0.5;
            };
            assertEquals(expectedShare, area[object.id()] / object.box().area(), 0.05, object.toString());
        }
        assertEquals(-1, scene.objectAt(-1, 0));
    }

    @Test
    void objectsAreDrawnInTheirColourWithAContrastingLabelOfTheConfiguredSize() {
        SceneConfig config = SceneConfig.defaults();
        for (long seed = 0; seed < 30; seed++) {
            Scene scene = GENERATOR.generate(seed);
            for (SceneObject object : scene.objects()) {
                int fill = object.colour().rgb();
                int ink = object.colour().inkRgb();
                int fillPixels = 0;
                int x0 = Integer.MAX_VALUE;
                int y0 = Integer.MAX_VALUE;
                int x1 = -1;
                int y1 = -1;
                int objectPixels = 0;
                for (int y = (int) object.box().y0(); y < object.box().y1(); y++) {
                    for (int x = (int) object.box().x0(); x < object.box().x1(); x++) {
                        if (scene.objectAt(x, y) != object.id()) {
                            continue;
                        }
                        objectPixels++;
                        int rgb = scene.image().getRGB(x, y) & 0xffffff;
                        if (distance(rgb, fill) <= 40) {
                            fillPixels++;
                        } else if (distance(rgb, ink) < distance(rgb, fill) / 2) {
                            x0 = Math.min(x0, x);
                            y0 = Math.min(y0, y);
                            x1 = Math.max(x1, x);
                            y1 = Math.max(y1, y);
                        }
                    }
                }
                assertTrue(fillPixels > 0.6 * objectPixels, "object mostly in its colour: " + object);
                int inkHeight = y1 - y0 + 1;
                int inkWidth = x1 - x0 + 1;
                assertTrue(inkHeight >= config.minGlyphHeight() - 2 && inkHeight <= config.maxGlyphHeight() + 1,
                    "label ink " + inkWidth + "x" + inkHeight + " px on " + object);
                assertTrue(inkWidth >= 2 && inkWidth <= 14, "label ink " + inkWidth + "x" + inkHeight + " px on " + object);
            }
        }
    }

    @Test
    void twoDigitLabelsFitAndOtherImageSizesWork() {
        SceneConfig config = SceneConfig.defaults().withSize(1024, 512).withLabelDigits(2, 2).withObjects(6, 8);
        SceneGenerator generator = new SceneGenerator(config);
        Scene scene = generator.generate(3);
        assertEquals(1024, scene.width());
        assertEquals(512, scene.height());
        assertTrue(scene.objects().size() >= 6 && scene.objects().size() <= 8);
        scene.objects().forEach(o -> assertEquals(2, o.label().length()));
    }

    @Test
    void missingFontsAreSkippedAndAllMissingIsAnError() {
        SceneGenerator generator = new SceneGenerator(SceneConfig.defaults().withFonts(List.of("No Such Face 123", "Serif")));
        assertEquals(List.of("Serif"), generator.fontFamilies());
        generator.generate(1);
        assertThrows(IllegalArgumentException.class,
            () -> new SceneGenerator(SceneConfig.defaults().withFonts(List.of("No Such Face 123"))));
    }

    @Test
    void rejectsConfigurationsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> SceneConfig.defaults().withSize(200, 384));
        assertThrows(IllegalArgumentException.class, () -> SceneConfig.defaults().withObjects(0, 3));
        assertThrows(IllegalArgumentException.class, () -> SceneConfig.defaults().withObjects(4, 19));
        assertThrows(IllegalArgumentException.class, () -> SceneConfig.defaults().withObjects(11, 11), "only 10 one-digit labels");
        assertThrows(IllegalArgumentException.class, () -> SceneConfig.defaults().withLabelDigits(1, 3));
        assertThrows(IllegalArgumentException.class, () -> new SceneConfig(384, 384, 3, 5, 40, 300, 1, 1,
            SceneConfig.DEFAULT_FONTS, 12, 15, 8, 8), "five 300 px objects do not fit");
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int distance(int a, int b) {
        return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) + Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff))
            + Math.abs((a & 0xff) - (b & 0xff));
    }
}
