package io.roistream.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a split of generated scenes and questions to a dataset folder, in parallel but with the
 * same bytes whatever the thread count: scene i of a split with seed s is
 * {@code SceneGenerator.generate(sceneSeed(s, i))} and its questions use {@code questionSeed} of
 * that scene seed. Also writes {@code dataset.json}, a manifest of how the split was made.
 */
public final class DatasetGenerator {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int SCENES_IN_FLIGHT_PER_THREAD = 16;

    private final SceneGenerator scenes;
    private final QuestionGenerator questions;
    private final int questionsPerImage;

    /** A generator asking up to {@code questionsPerImage} questions about each scene. */
    public DatasetGenerator(SceneGenerator scenes, QuestionGenerator questions, int questionsPerImage) {
        if (questionsPerImage < 1) {
            throw new IllegalArgumentException("questions per image must be >= 1, got " + questionsPerImage);
        }
        this.scenes = scenes;
        this.questions = questions;
        this.questionsPerImage = questionsPerImage;
    }

    /** What a call to {@link #write} produced. */
    public record Summary(int images, int questions, Map<String, Integer> questionsPerTemplate) {
    }

    /** The seed of scene {@code index} of the split with seed {@code splitSeed} (SplitMix64). */
    public static long sceneSeed(long splitSeed, int index) {
        return mix(splitSeed * GOLDEN + (index + 1L) * GOLDEN);
    }

    /** The seed of the questions about the scene of {@code sceneSeed}. */
    public static long questionSeed(long sceneSeed) {
        return mix(sceneSeed ^ 0x632BE59BD9B4E019L);
    }

    /** Scene {@code index} of the split with seed {@code splitSeed}. */
    public Scene scene(long splitSeed, int index) {
        return scenes.generate(sceneSeed(splitSeed, index));
    }

    /** The questions about a scene drawn with {@code sceneSeed}. */
    public List<VqaSample> questionsFor(Scene scene, long sceneSeed) {
        return questions.questions(scene, questionsPerImage, questionSeed(sceneSeed));
    }

    /** Writes scenes 0..count-1 of the split with seed {@code splitSeed} to {@code folder} on {@code threads} threads. */
    public Summary write(Path folder, long splitSeed, int count, int threads) throws IOException {
        if (count < 0 || threads < 1) {
            throw new IllegalArgumentException("count must be >= 0 and threads >= 1, got " + count + " and " + threads);
        }
        Map<String, Integer> perTemplate = new LinkedHashMap<>();
        int asked = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DatasetWriter writer = new DatasetWriter(folder)) {
            int window = threads * SCENES_IN_FLIGHT_PER_THREAD;
            for (int start = 0; start < count; start += window) {
                List<Future<Written>> batch = new ArrayList<>(window);
                for (int index = start; index < Math.min(count, start + window); index++) {
                    int i = index;
                    batch.add(pool.submit(() -> generateAndWriteImage(writer, splitSeed, i)));
                }
                for (Future<Written> future : batch) {
                    Written written = await(future);
                    writer.writeSceneRecord(written.scene());
                    writer.writeQuestions(written.questions());
                    asked += written.questions().size();
                    written.questions().forEach(q -> perTemplate.merge(q.template(), 1, Integer::sum));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        writeManifest(folder, splitSeed, count);
        return new Summary(count, asked, perTemplate);
    }

    private record Written(Scene scene, List<VqaSample> questions) {
    }

    private Written generateAndWriteImage(DatasetWriter writer, long splitSeed, int index) throws IOException {
        long seed = sceneSeed(splitSeed, index);
        Scene scene = scenes.generate(seed);
        writer.writeImage(scene.id(), scene.image());
        return new Written(scene, questionsFor(scene, seed));
    }

    private static Written await(Future<Written> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating scenes", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("scene generation failed", e.getCause());
        }
    }

    private void writeManifest(Path folder, long splitSeed, int count) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("seed", splitSeed);
        manifest.put("count", count);
        manifest.put("questionsPerImage", questionsPerImage);
        manifest.put("scene", scenes.config());
        manifest.put("fontsUsed", scenes.fontFamilies());
        Map<String, Double> mix = new LinkedHashMap<>();
        questions.mix().forEach((template, weight) -> mix.put(template.key(), weight));
        manifest.put("mix", mix);
        Files.writeString(folder.resolve(DatasetFormat.MANIFEST),
            DatasetFormat.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
