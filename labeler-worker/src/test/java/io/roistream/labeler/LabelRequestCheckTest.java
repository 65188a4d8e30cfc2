package io.roistream.labeler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.events.LabelRequest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.images.ImageIntake;
import io.roistream.runtime.images.ImageLimits;
import io.roistream.runtime.images.ImageRejectedException;
import io.roistream.runtime.images.RejectionReason;
import io.roistream.runtime.images.TestImages;
import io.roistream.runtime.retry.RejectedInput;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request checks against the shipped backbone's vocabulary and text budget, on inline images. */
class LabelRequestCheckTest {

    private static DjlBackbone backbone;
    private static PseudoLabeler labeler;
    private static LabelRequestCheck check;

    @BeforeAll
    static void load() {
        Engines.configure(1, 0);
        backbone = DefaultBackbone.load(Device.cpu());
        labeler = PseudoLabeler.of(backbone, DefaultBackbone.manifest());
        check = new LabelRequestCheck(ImageIntake.inlineOnly(new ImageLimits(1 << 20, 1 << 20, 40_000_000, 16_384,
            Set.of("png", "jpeg"))), labeler);
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    private static LabelRequest withQuestion(String question) {
        return TestRequests.request("s-1", TestRequests.inline(TestRequests.scenePng(1)), question);
    }

    private static InvalidLabelRequestException refused(LabelRequest request, String field) {
        InvalidLabelRequestException e = assertThrows(InvalidLabelRequestException.class, () -> check.admit(request));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(RejectedInput.isRejection(e), "dead-lettered as a rejection");
        return e;
    }

    @Test
    void aGoodRequestIsAdmittedWithItsDecodedImage() {
        LabelRequestCheck.Admitted admitted = check.admit(withQuestion("What is written on the red circle?"));
        assertEquals(384, admitted.pixels().getWidth());
        assertEquals("png", admitted.image().format());
        assertEquals("s-1", admitted.request().getSampleId());
    }

    @Test
    void questionsTheBackboneCannotBeAskedAreRefusedWithTheirReason() {
        assertTrue(refused(withQuestion(""), "question").getMessage().contains("empty"));
        assertTrue(refused(withQuestion("xyzzy plugh?"), "question").getMessage().contains("no word"));
        String overlong = refused(withQuestion("what is ".repeat(20) + "red?"), "question").getMessage();
        assertTrue(overlong.contains("42 tokens"), overlong);
    }

    @Test
    void imagesTheBackboneCannotViewAreRefusedBeforeDecoding() {
        String tiny = refused(TestRequests.request("s-2", TestRequests.inline(TestRequests.blankPng(1, 1)),
            "what colour is the circle?"), "image").getMessage();
        assertTrue(tiny.contains("1x1"), tiny);
        refused(TestRequests.request("s-3", TestRequests.inline(TestImages.pngHeaderClaiming(4000, 300)),
            "what colour is the circle?"), "image");
        ImageRejectedException bomb = assertThrows(ImageRejectedException.class, () -> check.admit(
            TestRequests.request("s-4", TestRequests.inline(TestImages.pngHeaderClaiming(100_000, 100_000)),
                "what colour is the circle?")));
        assertEquals(RejectionReason.TOO_MANY_PIXELS, bomb.reason());
        ImageRejectedException text = assertThrows(ImageRejectedException.class, () -> check.admit(
            TestRequests.request("s-5", TestRequests.inline("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "what colour is the circle?")));
        assertEquals(RejectionReason.NOT_AN_IMAGE, text.reason());
    }

    @Test
    void blankSampleIdsAndTombstonesAreRefused() {
        refused(TestRequests.request(" ", TestRequests.inline(TestRequests.scenePng(1)), "what colour is the circle?"),
            "sampleId");
        refused(null, "value");
    }

    @Test
    void theLabelerVersionNamesTheGroundingAndEveryThreshold() {
        String version = PseudoLabelEvents.labelerVersion(labeler);
        assertTrue(version.startsWith(PseudoLabelEvents.CODE_VERSION + " layer="
            + DefaultBackbone.manifest().grounding().layer() + " heads="), version);
        assertTrue(version.contains(" sink=0.001 fg=0.2 bg=0.1 maxBox=0.5 answerTokens=3"), version);
        String backboneVersion = PseudoLabelEvents.backboneVersion(DefaultBackbone.manifest());
        assertEquals("sha256:" + DefaultBackbone.manifest().sha256().substring(0, 16), backboneVersion);
    }
}
