package io.roistream.model.data;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Reads a dataset folder in the format of {@link DatasetWriter}: any folder with
 * {@code questions.jsonl} and {@code images/<id>.png}, generated or not. {@code scenes.jsonl} is
 * optional; where present, {@link #scene} rebuilds whole scenes (objects and pixel mask).
 * Unknown JSON fields are ignored; template, box and objectId may be missing (box null means no
 * single object is referred to). Questions and scene records are read once, when opened; images
 * when asked for.
 */
public final class DatasetReader {

    private final Path folder;
    private final List<VqaSample> questions;
    private final Map<String, DatasetFormat.SceneLine> scenes;
    private final List<String> imageIds;

    /** Opens {@code folder}, reading its question and scene lines. */
    public DatasetReader(Path folder) throws IOException {
        this.folder = folder;
        Path questionFile = folder.resolve(DatasetFormat.QUESTIONS);
        if (!Files.isRegularFile(questionFile)) {
            throw new NoSuchFileException(questionFile.toString(), null, "not a dataset folder: no " + DatasetFormat.QUESTIONS);
        }
        List<VqaSample> samples = new ArrayList<>();
        for (NumberedLine line : lines(questionFile)) {
            try {
                samples.add(DatasetFormat.fromLine(DatasetFormat.MAPPER.readValue(line.text(), DatasetFormat.QuestionLine.class)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException(questionFile + " line " + line.number() + ": " + e.getMessage(), e);
            }
        }
        Map<String, DatasetFormat.SceneLine> sceneLines = new LinkedHashMap<>();
        Path sceneFile = folder.resolve(DatasetFormat.SCENES);
        if (Files.isRegularFile(sceneFile)) {
            for (NumberedLine line : lines(sceneFile)) {
                try {
                    DatasetFormat.SceneLine scene = DatasetFormat.MAPPER.readValue(line.text(), DatasetFormat.SceneLine.class);
                    DatasetFormat.objects(scene);
                    sceneLines.put(scene.image(), scene);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException(sceneFile + " line " + line.number() + ": " + e.getMessage(), e);
                }
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        samples.forEach(sample -> ids.add(sample.imageId()));
        ids.addAll(sceneLines.keySet());
        this.questions = Collections.unmodifiableList(samples);
        this.scenes = Collections.unmodifiableMap(sceneLines);
        this.imageIds = List.copyOf(ids);
    }

    public Path folder() {
        return folder;
    }

    /** Every question, in file order. */
    public List<VqaSample> questions() {
        return questions;
    }

    /** Every image id, in order of first mention (questions first, then scene records). */
    public List<String> imageIds() {
        return imageIds;
    }

    /** The image {@code images/<imageId>.png}, as {@code TYPE_INT_RGB}. */
    public BufferedImage image(String imageId) throws IOException {
        Path file = folder.resolve(DatasetFormat.IMAGES).resolve(DatasetFormat.checkId(imageId) + ".png");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        BufferedImage read = ImageIO.read(file.toFile()); // from the file itself, without ImageIO's cache file
        if (read == null) {
            throw new IOException(file + " is not a readable image");
        }
        if (read.getType() == BufferedImage.TYPE_INT_RGB) {
            return read;
        }
        BufferedImage rgb = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, read.getWidth(), read.getHeight(), read.getRGB(0, 0, read.getWidth(), read.getHeight(), null, 0, read.getWidth()), 0, read.getWidth());
        return rgb;
    }

    /** Whether scenes.jsonl describes this image. */
    public boolean hasScene(String imageId) {
        return scenes.containsKey(imageId);
    }

    /** The objects of an image from scenes.jsonl (without loading the image). */
    public List<SceneObject> objects(String imageId) {
        return DatasetFormat.objects(sceneLine(imageId));
    }

    /** The whole scene: image, objects and the pixel mask rebuilt from the objects' geometry. */
    public Scene scene(String imageId) throws IOException {
        DatasetFormat.SceneLine line = sceneLine(imageId);
        BufferedImage image = image(imageId);
        if (image.getWidth() != line.width() || image.getHeight() != line.height()) {
            throw new IOException("image " + imageId + " is " + image.getWidth() + "x" + image.getHeight()
                + " but its scene record says " + line.width() + "x" + line.height());
        }
        List<SceneObject> objects = DatasetFormat.objects(line);
        return new Scene(imageId, image, objects, Scene.objectIdPerPixel(line.width(), line.height(), objects));
    }

    private DatasetFormat.SceneLine sceneLine(String imageId) {
        DatasetFormat.SceneLine line = scenes.get(imageId);
        if (line == null) {
            throw new IllegalArgumentException("no scene record for image '" + imageId + "' in " + folder.resolve(DatasetFormat.SCENES));
        }
        return line;
    }

    /** A line of a JSON-lines file with its 1-based number. */
    private record NumberedLine(int number, String text) {
    }

    private static List<NumberedLine> lines(Path file) throws IOException {
        List<NumberedLine> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    out.add(new NumberedLine(number, line));
                }
            }
        }
        return out;
    }
}
