package io.roistream.labeler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roistream.events.DropReason;
import io.roistream.events.GridBox;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.LabelRequest;
import io.roistream.events.PseudoLabel;
import io.roistream.model.labels.AttentionMaps;
import io.roistream.model.labels.LabelOutcome;
import io.roistream.model.labels.MapsCodec;
import io.roistream.model.labels.PseudoLabelRules;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.images.CheckedImage;
import io.roistream.runtime.objectstore.ObjectRef;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** From what the backbone taught to the event: every field, every decision. */
class PseudoLabelEventsTest {

    private static final PseudoLabelEvents EVENTS = new PseudoLabelEvents("tiny-vlm", "sha256:0123456789abcdef",
        "roistream-labeler/1 test");
    private static final ObjectRef MAPS = new ObjectRef("labels", "tiny-vlm/s-1.maps");
    private static final Instant NOW = Instant.ofEpochMilli(1_800_000_000_000L);
    private static final CheckedImage CHECKED = new CheckedImage(new byte[] {9}, "png", 384, 320, "feed");

    /** A 4x4 map whose grounding is {@code peak} at the given cells and 0.01 elsewhere. */
    private static PseudoLabeler.Teaching teaching(String answer, float peak, int... cells) {
        float[] g = new float[16];
        Arrays.fill(g, 0.01f);
        for (int cell : cells) {
            g[cell] = peak;
        }
        AttentionMaps maps = new AttentionMaps(4, 4, g, new float[16]);
        return new PseudoLabeler.Teaching(answer, maps, PseudoLabelRules.defaults().label(maps));
    }

    private static LabelRequest request() {
        return TestRequests.request("s-1", TestRequests.inline(new byte[] {9}), "what colour is the circle?");
    }

    private static PseudoLabel event(PseudoLabeler.Teaching teaching) {
        ImageRef image = PseudoLabelEvents.labelledImage(request().getImage(), new ObjectRef("images", "feed.png"),
            CHECKED);
        return EVENTS.pseudoLabel(request(), image, MAPS, teaching, NOW);
    }

    @Test
    void aKeptLabelCarriesEveryField() {
        PseudoLabeler.Teaching taught = teaching("red", 0.5f, 5, 6);
        PseudoLabel label = event(taught);
        assertEquals(LabelOutcome.KEPT, taught.label().outcome());
        assertEquals("s-1", label.getSampleId());
        assertEquals("req-s-1", label.getRequestId());
        assertEquals("tests", label.getSource());
        assertEquals("what colour is the circle?", label.getQuestion());
        assertEquals("tiny-vlm", label.getBackboneId());
        assertEquals("sha256:0123456789abcdef", label.getBackboneVersion());
        assertEquals("roistream-labeler/1 test", label.getLabelerVersion());
        assertEquals(4, label.getGridHeight());
        assertEquals(4, label.getGridWidth());
        assertEquals("s3://labels/tiny-vlm/s-1.maps", label.getMaps().getUri());
        assertEquals(MapsCodec.VERSION, label.getMaps().getFormatVersion());
        assertEquals("red", label.getTeacherAnswer());
        // cells 5 and 6: row 1, columns 1..2
        assertEquals(GridBox.newBuilder().setTop(1).setLeft(1).setBottom(2).setRight(3).build(), label.getForegroundBox());
        assertEquals(LabelDecision.KEPT, label.getDecision());
        assertNull(label.getDropReason());
        assertEquals(NOW, label.getCreatedAt());
    }

    @Test
    void dropReasonsFollowTheRulesAndAnEmptyAnswerComesFirst() {
        PseudoLabel tooLarge = event(teaching("red", 0.5f, 0, 15));
        assertEquals(LabelDecision.DROPPED, tooLarge.getDecision());
        assertEquals(DropReason.BOX_TOO_LARGE, tooLarge.getDropReason());
        assertEquals(GridBox.newBuilder().setTop(0).setLeft(0).setBottom(4).setRight(4).build(),
            tooLarge.getForegroundBox());

        PseudoLabel silent = event(teaching("", 0.5f, 5));
        assertEquals(LabelDecision.DROPPED, silent.getDecision());
        assertEquals(DropReason.EMPTY_ANSWER, silent.getDropReason());
        assertEquals("", silent.getTeacherAnswer());

        PseudoLabel empty = event(teaching("red", 0f, 0, 1, 2));
        assertEquals(DropReason.BOX_TOO_LARGE, empty.getDropReason(), "no foreground: the whole grid");
        PseudoLabel nan = event(teaching("red", Float.NaN, 3));
        assertEquals(DropReason.OTHER, nan.getDropReason());

        assertNull(PseudoLabelEvents.dropReason(LabelOutcome.KEPT));
        assertEquals(DropReason.BOX_TOO_LARGE, PseudoLabelEvents.dropReason(LabelOutcome.DROPPED_EMPTY_MAP));
    }

    @Test
    void theLabelledImageIsAlwaysNamedByUri() {
        ImageRef fromInline = PseudoLabelEvents.labelledImage(TestRequests.inline(new byte[] {9}),
            new ObjectRef("images", "feed.png"), CHECKED);
        assertEquals("s3://images/feed.png", fromInline.getUri());
        assertNull(fromInline.getInlineBytes());
        assertEquals("image/png", fromInline.getContentType());
        assertEquals("feed", fromInline.getSha256());
        assertEquals(384, fromInline.getWidth());
        assertEquals(320, fromInline.getHeight());

        ImageRef requested = ImageRef.newBuilder(TestRequests.stored("s3://images/cub/1.png"))
            .setContentType("image/x-png").build();
        ImageRef byUri = PseudoLabelEvents.labelledImage(requested, null, CHECKED);
        assertEquals("s3://images/cub/1.png", byUri.getUri());
        assertEquals("image/x-png", byUri.getContentType());
        assertEquals("feed", byUri.getSha256());
    }

    @Test
    void lineageMustBeGiven() {
        assertThrows(IllegalArgumentException.class, () -> new PseudoLabelEvents(" ", "v", "l"));
        assertThrows(IllegalArgumentException.class, () -> new PseudoLabelEvents("b", null, "l"));
    }
}
