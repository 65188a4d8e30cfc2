package io.roistream.labeler;

import io.roistream.events.AttentionMapsRef;
import io.roistream.events.DropReason;
import io.roistream.events.GridBox;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.LabelRequest;
import io.roistream.events.PseudoLabel;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.labels.AttentionMaps;
import io.roistream.model.labels.GroundingSelection;
import io.roistream.model.labels.LabelOutcome;
import io.roistream.model.labels.MapsCodec;
import io.roistream.model.labels.PseudoLabelConfig;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.images.CheckedImage;
import io.roistream.runtime.objectstore.ObjectRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Turns what the backbone taught about a request into its {@link PseudoLabel} event, stamped with
 * the lineage of the labeler: the backbone's id (its manifest name), its version (the weights'
 * sha256, which the loader checked, as {@code sha256:} and 16 hex digits) and the labeler's version
 * (a code version and every threshold and grounding choice the label depends on).
 *
 * <p>Decision: {@code KEPT} when the teacher answered and the rules kept the label; otherwise
 * {@code DROPPED} with the reason: {@code EMPTY_ANSWER} when the teacher produced no answer token
 * (first), {@code BOX_TOO_LARGE} for a box covering too much of the grid or a map with no
 * foreground at all (the box is then the whole grid), {@code OTHER} for a map that is not finite.
 */
public final class PseudoLabelEvents {

    /** Version of the labeler's code; bump it when labels change for the same backbone and thresholds. */
    public static final String CODE_VERSION = "roistream-labeler/1";


    private final String backboneId;
    private final String backboneVersion;
    private final String labelerVersion;

    /** Events stamped with these lineage strings. */
    public PseudoLabelEvents(String backboneId, String backboneVersion, String labelerVersion) {
        this.backboneId = requireText(backboneId, "backboneId");
        this.backboneVersion = requireText(backboneVersion, "backboneVersion");
        this.labelerVersion = requireText(labelerVersion, "labelerVersion");
    }

    /** Events of {@code labeler} running the backbone {@code manifest} describes. */
    public static PseudoLabelEvents of(BackboneManifest manifest, PseudoLabeler labeler) {
        return new PseudoLabelEvents(manifest.name(), backboneVersion(manifest), labelerVersion(labeler));
    }

    /** {@link BackboneManifest#version()}: {@code sha256:} and the first 16 hex digits of the weights' sha256. */
    public static String backboneVersion(BackboneManifest manifest) {
        requireText(manifest.sha256(), "manifest sha256");
        return manifest.version();
    }

    /**
     * The code version, the grounding choice and the thresholds, e.g.
     * {@code roistream-labeler/1 layer=3 heads=0,1,2,3 sinkLayer=none sink=0.001 fg=0.2 bg=0.1 maxBox=0.5 answerTokens=3}.
     */
    public static String labelerVersion(PseudoLabeler labeler) {
        GroundingSelection s = labeler.selection();
        PseudoLabelConfig c = labeler.rules().config();
        return String.format(Locale.ROOT, "%s layer=%d heads=%s sinkLayer=%s sink=%s fg=%s bg=%s maxBox=%s answerTokens=%d",
            CODE_VERSION, s.layer(), Arrays.stream(s.heads()).mapToObj(Integer::toString).collect(Collectors.joining(",")),
            s.hasSinkLayer() ? Integer.toString(s.sinkLayer()) : "none", c.sinkThreshold(), c.foregroundRatio(),
            c.backgroundRatio(), c.maxBoxShare(), PseudoLabeler.MAX_ANSWER_TOKENS);
    }

    /** The backbone id events carry. */
    public String backboneId() {
        return backboneId;
    }

    /** The backbone version events carry. */
    public String backboneVersion() {
        return backboneVersion;
    }

    /** The labeler version events carry. */
    public String labelerVersion() {
        return labelerVersion;
    }

    /**
     * The event of one labelled request.
     *
     * @param request the request
     * @param image the labelled image, by URI ({@link #labelledImage})
     * @param maps where the maps are stored
     * @param teaching what the backbone taught
     * @param createdAt when the label was made
     */
    public PseudoLabel pseudoLabel(LabelRequest request, ImageRef image, ObjectRef maps, PseudoLabeler.Teaching teaching,
                                   Instant createdAt) {
        AttentionMaps m = teaching.maps();
        DropReason reason = dropReason(teaching);
        return PseudoLabel.newBuilder()
            .setSampleId(request.getSampleId())
            .setRequestId(request.getRequestId())
            .setSource(request.getSource())
            .setImage(image)
            .setQuestion(request.getQuestion())
            .setBackboneId(backboneId)
            .setBackboneVersion(backboneVersion)
            .setGridHeight(m.height())
            .setGridWidth(m.width())
            .setMaps(AttentionMapsRef.newBuilder().setUri(maps.format()).setFormatVersion(MapsCodec.VERSION).build())
            .setTeacherAnswer(teaching.answer())
            .setForegroundBox(gridBox(teaching.label().box()))
            .setDecision(reason == null ? LabelDecision.KEPT : LabelDecision.DROPPED)
            .setDropReason(reason)
            .setLabelerVersion(labelerVersion)
            .setCreatedAt(createdAt)
            .build();
    }

    /** Why the sample is dropped, or null when it is kept. */
    public static DropReason dropReason(PseudoLabeler.Teaching teaching) {
        if (!teaching.answered()) {
            return DropReason.EMPTY_ANSWER;
        }
        return dropReason(teaching.label().outcome());
    }

    /** The event's drop reason of a label outcome, or null for {@link LabelOutcome#KEPT}. */
    public static DropReason dropReason(LabelOutcome outcome) {
        return switch (outcome) {
            case KEPT -> null;
            case DROPPED_BOX_TOO_LARGE, DROPPED_EMPTY_MAP -> DropReason.BOX_TOO_LARGE;
            case DROPPED_NON_FINITE_MAP -> DropReason.OTHER;
        };
    }

    /** The event's grid box: rows {@code [top, bottom)}, columns {@code [left, right)}. */
    public static GridBox gridBox(io.roistream.model.labels.GridBox box) {
        return GridBox.newBuilder().setTop(box.row0()).setLeft(box.col0()).setBottom(box.row1()).setRight(box.col1())
            .build();
    }

    /**
     * The image as the event names it, always by URI: the request's URI, or {@code stored} where the
     * image came inline; checksum and size as intake found them.
     */
    public static ImageRef labelledImage(ImageRef requested, ObjectRef stored, CheckedImage checked) {
        String uri = requested.getUri() != null ? requested.getUri() : Objects.requireNonNull(stored, "stored").format();
        return ImageRef.newBuilder()
            .setUri(uri)
            .setInlineBytes(null)
            .setContentType(requested.getUri() != null ? requested.getContentType() : LabelObjects.mediaType(checked.format()))
            .setSha256(checked.sha256())
            .setWidth(checked.width())
            .setHeight(checked.height())
            .build();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
