package io.roistream.inference;

import io.roistream.events.ImageRef;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiMode;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Inference tasks for tests: generated scenes as real PNGs with generated questions, and bad images made by hand. */
final class TestTasks {

    static final Instant CREATED = Instant.ofEpochMilli(1_795_000_000_000L);
    private static final SceneGenerator SCENES = new SceneGenerator(SceneConfig.defaults());

    private TestTasks() {
    }

    /** The generated scene of {@code seed} (384 x 384) as PNG bytes. */
    static byte[] scenePng(long seed) {
        return png(SCENES.generate(seed).image());
    }

    /** A fine question about the scene of {@code seed}. */
    static String question(long seed) {
        return new QuestionGenerator(ProbeRun.mix()).questions(SCENES.generate(seed), 1, seed).get(0).question();
    }

    /** {@code image} encoded as PNG. */
    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static ImageRef inline(byte[] bytes) {
        return ImageRef.newBuilder().setInlineBytes(ByteBuffer.wrap(bytes)).setContentType("image/png").build();
    }

    /** A task about {@code image}, pinned to {@code version} (null: none), in {@code mode}. */
    static InferenceTask task(String questionId, ImageRef image, String question, String version, RoiMode mode) {
        Question asked = Question.newBuilder().setQuestionId(questionId).setImage(image).setQuestion(question)
            .setOptions(QuestionOptions.newBuilder().setRoiMode(mode).setThreshold(null).build())
            .setDeadline(null).setCreatedAt(CREATED).build();
        return InferenceTask.newBuilder().setQuestion(asked).setCheckpointVersion(version).setBackboneId("tests")
            .setRoutedAt(CREATED.plusMillis(5)).build();
    }
}
