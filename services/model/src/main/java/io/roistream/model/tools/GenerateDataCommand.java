package io.roistream.model.tools;

import io.roistream.model.data.DatasetGenerator;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.QuestionTemplate;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate-data}: writes one split of the synthetic fine-grained VQA data (images,
 * questions.jsonl, scenes.jsonl, dataset.json) to a folder. The same options give the same bytes.
 */
@Command(name = "generate-data", mixinStandardHelpOptions = true,
    description = "Writes a split of synthetic scenes with questions: images/<id>.png, questions.jsonl, scenes.jsonl, dataset.json.")
public final class GenerateDataCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder to write the split to (created if needed).")
    private Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Split seed; use different seeds for train, validation and test (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--count", defaultValue = "1000", description = "Number of images (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--questions-per-image", defaultValue = "8", description = "Most questions per image (default: ${DEFAULT-VALUE}).")
    private int questionsPerImage;

    @Option(names = "--mix", description = "Template weights, e.g. label=3,colour_of_shape=2,count=0 (unnamed templates get 0). Templates: "
        + "label, last_digit, label_check, colour_of_shape, shape_of_colour, count, exists, where. Default: label=3,last_digit=1,"
        + "colour_of_shape=2,shape_of_colour=2,count=1,exists=1,where=1.")
    private String mix;

    @Option(names = "--width", defaultValue = "384", description = "Image width in px, 256..2048 (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--height", defaultValue = "384", description = "Image height in px, 256..2048 (default: ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--min-objects", defaultValue = "3", description = "Fewest objects per image (default: ${DEFAULT-VALUE}).")
    private int minObjects;

    @Option(names = "--max-objects", defaultValue = "5", description = "Most objects per image (default: ${DEFAULT-VALUE}).")
    private int maxObjects;

    @Option(names = "--min-object-size", defaultValue = "40", description = "Smallest object width in px (default: ${DEFAULT-VALUE}).")
    private int minObjectSize;

    @Option(names = "--max-object-size", defaultValue = "72", description = "Largest object width in px (default: ${DEFAULT-VALUE}).")
    private int maxObjectSize;

    @Option(names = "--min-label-digits", defaultValue = "1", description = "Fewest label digits, 1 or 2 (default: ${DEFAULT-VALUE}).")
    private int minLabelDigits;

    @Option(names = "--max-label-digits", defaultValue = "1", description = "Most label digits, 1 or 2 (default: ${DEFAULT-VALUE}).")
    private int maxLabelDigits;

    @Option(names = "--min-glyph-px", defaultValue = "12", description = "Smallest digit height in px (default: ${DEFAULT-VALUE}).")
    private double minGlyphHeight;

    @Option(names = "--max-glyph-px", defaultValue = "15", description = "Largest digit height in px (default: ${DEFAULT-VALUE}).")
    private double maxGlyphHeight;

    @Option(names = "--clutter-lines", defaultValue = "8", description = "Clutter lines per image (default: ${DEFAULT-VALUE}).")
    private int clutterLines;

    @Option(names = "--object-gap", defaultValue = "8", description = "Least gap between objects and to the edge, px (default: ${DEFAULT-VALUE}).")
    private int objectGap;

    @Option(names = "--fonts", split = ",", description = "Label font families; ones not installed are skipped. Default: logical fonts and DejaVu faces.")
    private List<String> fonts;

    @Option(names = "--threads", description = "Worker threads (default: the number of processors).")
    private Integer threads;

    @Override
    public Integer call() throws Exception {
        DatasetGenerator generator;
        try {
            SceneConfig config = new SceneConfig(width, height, minObjects, maxObjects, minObjectSize, maxObjectSize,
                minLabelDigits, maxLabelDigits, fonts == null ? SceneConfig.DEFAULT_FONTS : fonts,
                minGlyphHeight, maxGlyphHeight, clutterLines, objectGap);
            Map<QuestionTemplate, Double> weights = mix == null ? QuestionGenerator.defaultMix() : QuestionGenerator.parseMix(mix);
            generator = new DatasetGenerator(new SceneGenerator(config), new QuestionGenerator(weights), questionsPerImage);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long started = System.nanoTime();
        DatasetGenerator.Summary summary = generator.write(out, seed, count, workers);
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf("wrote %d images and %d questions to %s in %.1f s; questions per template: %s%n",
            summary.images(), summary.questions(), out, seconds, summary.questionsPerTemplate());
        return 0;
    }

    /** Runs the command on its own (it is also meant to be a subcommand of the model tool). */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new GenerateDataCommand()).execute(args));
    }
}
