package io.roistream.tests.pipeline;

import io.roistream.events.ImageRef;
import io.roistream.events.InferenceTask;
import io.roistream.events.LabelRequest;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiMode;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.QuestionTemplate;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * What the tests feed the pipeline: generated scenes (services/model's {@code io.roistream.model.data})
 * as inline PNGs with questions from the fine-grained mix (label, last_digit, colour_of_shape,
 * shape_of_colour), and bad inputs made by hand.
 */
final class TestInputs {

    /** The question mix of the tests. */
    static final Map<QuestionTemplate, Double> MIX = Map.of(QuestionTemplate.LABEL, 3.0,
            QuestionTemplate.LAST_DIGIT, 1.0, QuestionTemplate.COLOUR_OF_SHAPE, 2.0, QuestionTemplate.SHAPE_OF_COLOUR, 2.0);
    /** Bytes that are no Avro record of any schema (no Confluent magic byte). */
    static final byte[] UNDECODABLE = "this is not an Avro record".getBytes(StandardCharsets.UTF_8);

    private static final SceneGenerator SCENES = new SceneGenerator(SceneConfig.defaults());
    private static final QuestionGenerator QUESTIONS = new QuestionGenerator(MIX);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private TestInputs() {
    }

    /** The generated scene of {@code seed} as an inline PNG. */
    static ImageRef scene(long seed) {
        return inline(png(SCENES.generate(seed).image()));
    }

    /** A question about the scene of {@code seed}, drawn from {@link #MIX}. */
    static String questionAbout(long seed) {
        return QUESTIONS.questions(SCENES.generate(seed), 1, seed).get(0).question();
    }

    /** Bytes that are not an image at all. */
    static ImageRef notAnImage() {
        return inline("hello, roistream".getBytes(StandardCharsets.UTF_8));
    }

    /** A PNG whose header claims 100000 x 100000 px (a decompression bomb), and nothing after it. */
    static ImageRef decompressionBomb() {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] type = "IHDR".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(ihdr.array());
        return inline(ByteBuffer.allocate(8 + 4 + 4 + 13 + 4).put(PNG_SIGNATURE).putInt(13).put(type).put(ihdr.array())
                .putInt((int) crc.getValue()).array());
    }

    /** A real 1 x 1 PNG. */
    static ImageRef onePixel() {
        return inline(png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)));
    }

    /** A reference to an object that does not exist. */
    static ImageRef missingObject() {
        return ImageRef.newBuilder().setUri("s3://images/e2e/absent.png").setContentType("image/png").build();
    }

    /** A question far longer than any backbone's text budget, of known words only. */
    static String overlongQuestion() {
        return "what is written on the red circle ".repeat(60).trim();
    }

    static LabelRequest labelRequest(String sampleId, ImageRef image, String question) {
        return LabelRequest.newBuilder().setRequestId("req-" + sampleId).setSampleId(sampleId).setImage(image)
                .setQuestion(question).setSource("roistream-tests").setReferenceAnswer(null)
                .setCreatedAt(Instant.now()).build();
    }

    static Question question(String questionId, ImageRef image, String question) {
        return Question.newBuilder().setQuestionId(questionId).setImage(image).setQuestion(question)
                .setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.AUTO).setThreshold(null).build())
                .setDeadline(null).setCreatedAt(Instant.now()).build();
    }

    /** A task as the coordinator would route it, pinned to {@code checkpointVersion} (null: plain). */
    static InferenceTask task(Question question, String checkpointVersion, String backboneId) {
        return InferenceTask.newBuilder().setQuestion(question).setCheckpointVersion(checkpointVersion)
                .setBackboneId(backboneId).setRoutedAt(Instant.now()).build();
    }

    /** {@code png} as an inline image. */
    static ImageRef inlinePng(byte[] png) {
        return inline(png);
    }

    private static ImageRef inline(byte[] bytes) {
        return ImageRef.newBuilder().setInlineBytes(ByteBuffer.wrap(bytes)).setContentType("image/png").build();
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
