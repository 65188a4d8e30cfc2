package io.roistream.model.data;

import static io.roistream.model.data.Scenes.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CellTargetsTest {

    @Test
    void squareAlignedWithTheGridLabelsExactlyItsCells() {
        Scene scene = Scenes.of(384, 384, spec(Colour.RED, Shape.SQUARE, "1", new Box(64, 96, 128, 160)));
        int[] cells = CellTargets.objectPerCell(scene, ViewTransform.letterbox(384, 384, 96), 12);
        for (int row = 0; row < 12; row++) {
            for (int col = 0; col < 12; col++) {
                boolean inside = row >= 3 && row < 5 && col >= 2 && col < 4;
                assertEquals(inside ? 0 : -1, cells[row * 12 + col], "cell " + row + "," + col);
            }
        }
    }

    @Test
    void paddingOfAWideImageIsBackground() {
        Scene scene = Scenes.of(768, 384, spec(Colour.BLUE, Shape.SQUARE, "2", new Box(0, 0, 128, 128)));
        int[] cells = CellTargets.objectPerCell(scene, ViewTransform.letterbox(768, 384, 96), 12);
        // side 768, 64 px per cell; the image starts 192 px down = row 3.
        assertEquals(-1, cells[2 * 12]);
        assertEquals(0, cells[3 * 12]);
        assertEquals(0, cells[4 * 12 + 1]);
        assertEquals(-1, cells[5 * 12]);
        assertEquals(4, Arrays.stream(cells).filter(id -> id == 0).count());
    }

    @Test
    void aSmallObjectSplitAcrossCellsStillGetsOneCell() {
        Scene scene = Scenes.of(384, 384, spec(Colour.GREEN, Shape.TRIANGLE, "3", new Box(12, 20, 52, 55)));
        int[] cells = CellTargets.objectPerCell(scene, ViewTransform.letterbox(384, 384, 96), 12, 0.9);
        assertEquals(1, Arrays.stream(cells).filter(id -> id == 0).count());
    }

    @Test
    void everyObjectOfGeneratedScenesHasACellInTheGlobalView() {
        SceneGenerator generator = new SceneGenerator(SceneConfig.defaults());
        ViewTransform global = ViewTransform.letterbox(384, 384, 96);
        for (long seed = 0; seed < 50; seed++) {
            Scene scene = generator.generate(seed);
            int[] cells = CellTargets.objectPerCell(scene, global, 12);
            for (SceneObject object : scene.objects()) {
                assertTrue(Arrays.stream(cells).anyMatch(id -> id == object.id()), "object without a cell: " + object);
            }
        }
    }

    @Test
    void cropViewAroundAnObjectIsCentredOnItAndFilledByIt() {
        Scene scene = Scenes.of(384, 384,
            spec(Colour.RED, Shape.CIRCLE, "4", new Box(100, 100, 160, 160)),
            spec(Colour.BLUE, Shape.SQUARE, "5", new Box(250, 250, 300, 300)));
        ViewTransform crop = ViewTransform.around(scene.object(0).box(), 384, 384, 96, 64);
        assertEquals(0, CellTargets.centredObject(scene, crop));
        int[] cells = CellTargets.objectPerCell(scene, crop, 6);
        assertEquals(0, cells[2 * 6 + 2]);
        assertEquals(-1, cells[0], "the circle leaves the corners empty");
        ViewTransform shifted = ViewTransform.of(384, 384, 90, 90, 64, 96);
        assertEquals(0, CellTargets.centredObject(scene, shifted), "12 px off centre is within a quarter of 64");
        ViewTransform between = ViewTransform.of(384, 384, 180, 180, 64, 96);
        assertEquals(-1, CellTargets.centredObject(scene, between));
    }

    @Test
    void rejectsAViewOfAnotherImageSizeOrABadGrid() {
        Scene scene = Scenes.of(384, 384);
        assertThrows(IllegalArgumentException.class, () -> CellTargets.objectPerCell(scene, ViewTransform.letterbox(512, 384, 96), 12));
        assertThrows(IllegalArgumentException.class, () -> CellTargets.objectPerCell(scene, ViewTransform.letterbox(384, 384, 96), 0));
    }
}
