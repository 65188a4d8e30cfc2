package io.roistream.cli;

import io.roistream.model.data.DatasetGenerator;
import io.roistream.model.data.DatasetReader;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.VqaSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One split of the synthetic VQA data written to a folder ({@code images/*.png},
 * {@code questions.jsonl}...), with its questions and the PNG bytes of its images. The mix is the
 * templates the shipped backbone answers.
 */
final class DemoDataset {

    /** The question templates the shipped backbone was tuned on. */
    static final String MIX = "label=3,last_digit=1,colour_of_shape=2,shape_of_colour=2";

    private final Path folder;
    private final List<VqaSample> samples;
    private final Map<String, byte[]> pngs = new HashMap<>();

    private DemoDataset(Path folder, List<VqaSample> samples) {
        this.folder = folder;
        this.samples = samples;
    }

    /** Generates {@code images} scenes with up to {@code questionsPerImage} questions each into {@code folder}. */
    static DemoDataset generate(Path folder, long seed, int images, int questionsPerImage) throws IOException {
        DatasetGenerator generator = new DatasetGenerator(new SceneGenerator(SceneConfig.defaults()),
                new QuestionGenerator(QuestionGenerator.parseMix(MIX)), questionsPerImage);
        generator.write(folder, seed, images, Runtime.getRuntime().availableProcessors());
        return new DemoDataset(folder, new DatasetReader(folder).questions());
    }

    Path folder() {
        return folder;
    }

    List<VqaSample> samples() {
        return samples;
    }

    long imageCount() {
        return samples.stream().map(VqaSample::imageId).distinct().count();
    }

    /** The PNG file of {@code imageId}, as written. */
    byte[] png(String imageId) throws IOException {
        byte[] bytes = pngs.get(imageId);
        if (bytes == null) {
            bytes = Files.readAllBytes(folder.resolve("images").resolve(imageId + ".png"));
            pngs.put(imageId, bytes);
        }
        return bytes;
    }
}
