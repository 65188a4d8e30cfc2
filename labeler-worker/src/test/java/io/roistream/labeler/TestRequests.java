package io.roistream.labeler;

import io.roistream.events.ImageRef;
import io.roistream.events.LabelRequest;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Label requests for tests: generated scenes as real PNGs, and bad images made by hand. */
final class TestRequests {

    static final Instant CREATED = Instant.ofEpochMilli(1_795_000_000_000L);
    private static final SceneGenerator SCENES = new SceneGenerator(SceneConfig.defaults());

    private TestRequests() {
    }

    /** The generated scene of {@code seed} (384 x 384) as PNG bytes. */
    static byte[] scenePng(long seed) {
        return png(SCENES.generate(seed).image());
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

    /** A blank PNG of {@code width x height}. */
    static byte[] blankPng(int width, int height) {
        return png(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB));
    }

    static ImageRef inline(byte[] bytes) {
        return ImageRef.newBuilder().setInlineBytes(ByteBuffer.wrap(bytes)).setContentType("image/png").build();
    }

    static ImageRef stored(String uri) {
        return ImageRef.newBuilder().setUri(uri).setContentType("image/png").build();
    }

    static LabelRequest request(String sampleId, ImageRef image, String question) {
        return LabelRequest.newBuilder().setRequestId("req-" + sampleId).setSampleId(sampleId).setImage(image)
            .setQuestion(question).setSource("tests").setReferenceAnswer(null).setCreatedAt(CREATED).build();
    }
}
