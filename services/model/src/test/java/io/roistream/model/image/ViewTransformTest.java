package io.roistream.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ViewTransformTest {

    private static final double EXACT = 1e-9;

    @Test
    void letterboxPadsWideImagesTopAndBottom() {
        ViewTransform view = ViewTransform.letterbox(800, 400, 96);
        assertEquals(0, view.x0());
        assertEquals(-200, view.y0());
        assertEquals(800, view.side());
        assertBox(new Box(0, 24, 96, 72), view.imageInView());
        assertBox(new Box(0, 24, 96, 72), view.toView(new Box(0, 0, 800, 400)));
        assertEquals(48, view.toViewX(400), EXACT);
        assertEquals(48, view.toViewY(200), EXACT);
    }

    @Test
    void letterboxPadsTallImagesLeftAndRight() {
        ViewTransform view = ViewTransform.letterbox(300, 900, 96);
        assertEquals(-300, view.x0());
        assertEquals(0, view.y0());
        assertBox(new Box(32, 0, 64, 96), view.imageInView());
        assertBox(new Box(0, 0, 300, 900), view.toSource(new Box(32, 0, 64, 96)));
    }

    @Test
    void letterboxOfOddDifferenceUsesLlavasIntegerOffset() {
        ViewTransform view = ViewTransform.letterbox(301, 400, 100);
        assertEquals(-49, view.x0(), "(400 - 301) / 2 rounded down, as expand2square");
        assertEquals(0, view.y0());
    }

    @Test
    void squareImageIsAPlainResize() {
        ViewTransform view = ViewTransform.letterbox(384, 384, 96);
        assertEquals(0.25, view.scale(), EXACT);
        assertBox(new Box(25, 50, 50, 75), view.toView(new Box(100, 200, 200, 300)));
    }

    @Test
    void mapsPointsAndBoxesBothWaysExactly() {
        int[][] sizes = {{384, 384}, {2048, 256}, {256, 2048}, {1000, 777}, {333, 1999}};
        for (int[] size : sizes) {
            ViewTransform letterbox = ViewTransform.letterbox(size[0], size[1], 96);
            ViewTransform crop = ViewTransform.around(new Box(17.25, 40.5, 90.75, 100), size[0], size[1], 96, 48);
            for (ViewTransform view : new ViewTransform[] {letterbox, crop}) {
                for (double x = -50; x < 2100; x += 37.3) {
                    assertEquals(x, view.toSourceX(view.toViewX(x)), EXACT, view + " x " + x);
                    assertEquals(x, view.toSourceY(view.toViewY(x)), EXACT, view + " y " + x);
                    assertEquals(x / 20, view.toViewX(view.toSourceX(x / 20)), EXACT);
                }
                Box box = new Box(12.125, 30.5, 200.75, 255.25);
                assertBox(box, view.toSource(view.toView(box)));
                assertBox(box, view.toView(view.toSource(box)));
            }
        }
    }

    @Test
    void resizingScalesDistancesByTheTargetOverTheSide() {
        ViewTransform view = ViewTransform.letterbox(1024, 512, 128);
        Box source = new Box(100, 100, 164, 132);
        Box mapped = view.toView(source);
        assertEquals(64 * 0.125, mapped.width(), EXACT);
        assertEquals(32 * 0.125, mapped.height(), EXACT);
    }

    @Test
    void cropIsSquaredAroundTheBoxCentre() {
        ViewTransform view = ViewTransform.around(new Box(100, 150, 140, 170), 384, 384, 96, 0);
        assertEquals(40, view.side(), EXACT);
        assertEquals(100, view.x0(), EXACT);
        assertEquals(140, view.y0(), EXACT);
        assertEquals(view.toViewX(120), 48, EXACT);
        assertEquals(view.toViewY(160), 48, EXACT);
    }

    @Test
    void cropHonoursTheMinimumSideAndStaysInsideTheImage() {
        ViewTransform view = ViewTransform.around(new Box(0, 370, 10, 384), 384, 384, 96, 64);
        assertEquals(64, view.side(), EXACT);
        assertEquals(0, view.x0(), EXACT);
        assertEquals(320, view.y0(), EXACT);
        assertTrue(new Box(0, 0, 384, 384).contains(view.sourceRegion()));
    }

    @Test
    void cropLargerThanTheShortSideCoversThatSideAndPads() {
        ViewTransform view = ViewTransform.around(new Box(100, 10, 500, 290), 800, 300, 96, 0);
        assertEquals(400, view.side(), EXACT);
        assertEquals(100, view.x0(), EXACT);
        assertEquals(-50, view.y0(), EXACT, "the whole 300 px height is shown, centred on the box: 50 px padding above and below");
        ViewTransform shifted = ViewTransform.around(new Box(100, 0, 500, 20), 800, 300, 96, 0);
        assertEquals(-100, shifted.y0(), EXACT, "shifted down as far as it must to show the whole height");
        ViewTransform capped = ViewTransform.around(new Box(0, 0, 800, 300), 800, 300, 96, 5000);
        assertEquals(800, capped.side(), EXACT, "never larger than the long side");
    }

    @Test
    void rejectsSourceSizesOutsideTheSupportedRange() {
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.letterbox(255, 400, 96));
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.letterbox(400, 2049, 96));
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.around(new Box(0, 0, 10, 10), 100, 300, 96, 0));
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.letterbox(400, 400, 0));
        ViewTransform.letterbox(256, 2048, 96);
        ViewTransform.letterbox(2048, 256, 96);
    }

    @Test
    void rejectsCropsOutsideTheImageOrOfZeroSide() {
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.around(new Box(500, 0, 600, 10), 384, 384, 96, 0));
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.around(new Box(50, 50, 50, 50), 384, 384, 96, 0));
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.of(384, 384, 384, 0, 10, 96));
    }

    @Test
    void rendersAViewOfTheTargetSize() {
        BufferedImage source = filled(640, 480, Color.WHITE);
        BufferedImage view = ViewTransform.letterbox(640, 480, 96).render(source);
        assertEquals(96, view.getWidth());
        assertEquals(96, view.getHeight());
        BufferedImage crop = ViewTransform.around(new Box(10, 10, 30, 30), 640, 480, 112, 0).render(source);
        assertEquals(112, crop.getWidth());
        assertEquals(112, crop.getHeight());
        assertThrows(IllegalArgumentException.class, () -> ViewTransform.letterbox(640, 480, 96).render(filled(480, 640, Color.WHITE)));
    }

    @Test
    void renderPadsOutsideTheImageWithTheDocumentedColour() {
        BufferedImage source = filled(800, 400, Color.WHITE);
        BufferedImage view = ViewTransform.letterbox(800, 400, 96).render(source);
        assertEquals(ViewTransform.PADDING_RGB, view.getRGB(48, 5) & 0xffffff);
        assertEquals(ViewTransform.PADDING_RGB, view.getRGB(48, 90) & 0xffffff);
        assertEquals(0xffffff, view.getRGB(48, 48) & 0xffffff);
        assertEquals(0xffffff, view.getRGB(0, 24) & 0xffffff, "the first image row starts exactly at 24");
        assertEquals(ViewTransform.PADDING_RGB, view.getRGB(0, 23) & 0xffffff);
    }

    @Test
    void renderAveragesAreasWhenShrinking() {
        BufferedImage source = filled(384, 384, Color.BLACK);
        Graphics2D g = source.createGraphics();
        g.setColor(Color.WHITE);
        for (int x = 0; x < 384; x += 2) {
            g.fillRect(x, 0, 1, 384);
        }
        g.dispose();
        BufferedImage view = ViewTransform.letterbox(384, 384, 96).render(source);
        int grey = view.getRGB(40, 40) & 0xff;
        assertTrue(Math.abs(grey - 128) <= 1, "stripes average to mid grey, got " + grey);
    }

    @Test
    void renderPlacesABlockWhereTheMappingSays() {
        BufferedImage source = filled(512, 256, Color.BLACK);
        Graphics2D g = source.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(256, 64, 64, 64);
        g.dispose();
        ViewTransform view = ViewTransform.around(new Box(256, 64, 320, 128), 512, 256, 64, 128);
        BufferedImage rendered = view.render(source);
        Box block = view.toView(new Box(256, 64, 320, 128));
        assertBox(new Box(16, 16, 48, 48), block);
        assertEquals(0xff0000, rendered.getRGB(20, 20) & 0xffffff);
        assertEquals(0x000000, rendered.getRGB(10, 10) & 0xffffff);
        assertEquals(0xff0000, rendered.getRGB(47, 16) & 0xffffff);
        assertEquals(0x000000, rendered.getRGB(48, 16) & 0xffffff);
    }

    @Test
    void chwFloatsAreNormalisedPerChannel() {
        BufferedImage view = filled(4, 3, new Color(255, 0, 122));
        float[] chw = ViewTransform.toChw(view);
        assertEquals(3 * 4 * 3, chw.length);
        assertEquals((1 - PixelTensors.MEAN[0]) / PixelTensors.STD[0], chw[0], 1e-6);
        assertEquals((0 - PixelTensors.MEAN[1]) / PixelTensors.STD[1], chw[12], 1e-6);
        assertEquals((122 / 255f - PixelTensors.MEAN[2]) / PixelTensors.STD[2], chw[24 + 11], 1e-6);
        float[] padding = ViewTransform.toChw(filled(1, 1, new Color(ViewTransform.PADDING_RGB)));
        for (float value : padding) {
            assertEquals(0, value, 0.02, "padding normalises to about zero");
        }
    }

    private static BufferedImage filled(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static void assertBox(Box expected, Box actual) {
        assertEquals(expected.x0(), actual.x0(), EXACT, "x0 of " + actual);
        assertEquals(expected.y0(), actual.y0(), EXACT, "y0 of " + actual);
        assertEquals(expected.x1(), actual.x1(), EXACT, "x1 of " + actual);
        assertEquals(expected.y1(), actual.y1(), EXACT, "y1 of " + actual);
    }
}
