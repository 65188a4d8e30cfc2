package io.roistream.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.image.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRoundTripTest {

    private static final DatasetGenerator GENERATOR = new DatasetGenerator(
        new SceneGenerator(SceneConfig.defaults()), new QuestionGenerator(QuestionGenerator.defaultMix()), 6);

    @TempDir
    Path folder;

    @Test
    void writtenSplitReadsBackAsGenerated() throws IOException {
        DatasetGenerator.Summary summary = GENERATOR.write(folder, 77, 5, 2);
        assertEquals(5, summary.images());

        DatasetReader reader = new DatasetReader(folder);
        List<VqaSample> expected = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long seed = DatasetGenerator.sceneSeed(77, i);
            Scene scene = GENERATOR.scene(77, i);
            ids.add(scene.id());
            expected.addAll(GENERATOR.questionsFor(scene, seed));

            Scene read = reader.scene(scene.id());
            assertArrayEquals(pixels(scene.image()), pixels(read.image()), "PNG is lossless");
            assertEquals(scene.objects(), read.objects());
            assertArrayEquals(scene.objectIdPerPixel(), read.objectIdPerPixel(), "mask rebuilt from the objects");
        }
        assertEquals(expected, reader.questions());
        assertEquals(summary.questions(), expected.size());
        assertEquals(ids, reader.imageIds());
        assertTrue(Files.isRegularFile(folder.resolve("dataset.json")));
    }

    @Test
    void sameSeedGivesTheSameBytesWhateverTheThreadCount(@TempDir Path other) throws IOException {
        GENERATOR.write(folder, 5, 6, 1);
        GENERATOR.write(other, 5, 6, 3);
        for (String file : List.of("questions.jsonl", "scenes.jsonl", "dataset.json")) {
            assertEquals(Files.readString(folder.resolve(file)), Files.readString(other.resolve(file)), file);
        }
        try (Stream<Path> images = Files.list(folder.resolve("images"))) {
            for (Path image : images.toList()) {
                assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(other.resolve("images").resolve(image.getFileName())));
            }
        }
    }

    @Test
    void differentSplitSeedsGiveDifferentScenes() {
        assertFalse(GENERATOR.scene(1, 0).id().equals(GENERATOR.scene(2, 0).id()));
        assertFalse(GENERATOR.scene(1, 0).id().equals(GENERATOR.scene(1, 1).id()));
    }

    @Test
    void readsAHandWrittenFolderWithoutSceneRecords() throws IOException {
        Files.createDirectories(folder.resolve("images"));
        BufferedImage photo = new BufferedImage(300, 500, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(10, 10, 50, 50);
        g.dispose();
        ImageIO.write(photo, "png", folder.resolve("images/photo-1.png").toFile());
        Files.writeString(folder.resolve("questions.jsonl"), String.join("\n",
            "{\"image\":\"photo-1\",\"question\":\"what is written on the sign?\",\"answer\":\"stop\",\"kind\":\"FINE\","
                + "\"box\":[10,10,60,60],\"objectId\":3,\"source\":\"somewhere\"}",
            "",
            "{\"image\":\"photo-1\",\"question\":\"is it day?\",\"answer\":\"yes\",\"kind\":\"coarse\",\"template\":\"t\",\"box\":null}")
            + "\n");

        DatasetReader reader = new DatasetReader(folder);
        assertEquals(List.of("photo-1"), reader.imageIds());
        VqaSample first = reader.questions().get(0);
        assertEquals(new Box(10, 10, 60, 60), first.box());
        assertEquals(3, first.objectId());
        assertEquals(QuestionKind.FINE, first.kind());
        assertEquals("", first.template());
        VqaSample second = reader.questions().get(1);
        assertNull(second.box());
        assertEquals(-1, second.objectId());
        assertEquals(QuestionKind.COARSE, second.kind());
        BufferedImage image = reader.image("photo-1");
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertEquals(Color.ORANGE.getRGB() & 0xffffff, image.getRGB(20, 20) & 0xffffff);
        assertFalse(reader.hasScene("photo-1"));
        assertThrows(IllegalArgumentException.class, () -> reader.scene("photo-1"));
    }

    @Test
    void namesTheLineOfABadRecord() throws IOException {
        Files.writeString(folder.resolve("questions.jsonl"),
            "{\"image\":\"a\",\"question\":\"q\",\"answer\":\"x\",\"kind\":\"fine\"}\n{\"image\":\"a\",\"question\":\"q\"}\n");
        IOException error = assertThrows(IOException.class, () -> new DatasetReader(folder));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
        assertTrue(error.getMessage().contains("answer"), error.getMessage());
    }

    @Test
    void refusesAFolderWithoutQuestionsAndUnsafeImageIds() throws IOException {
        assertThrows(NoSuchFileException.class, () -> new DatasetReader(folder.resolve("nothing")));
        try (DatasetWriter writer = new DatasetWriter(folder)) {
            BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
            assertThrows(IllegalArgumentException.class, () -> writer.writeImage("../escape", image));
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
