package io.roistream.runtime.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roistream.events.DropReason;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TriggerReason;
import io.roistream.schemas.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelManifestCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ISSUED = Instant.parse("2026-11-20T10:15:30.123Z");

    private static PseudoLabel keptStoredImage() {
        return PseudoLabel.newBuilder(SampleEvents.pseudoLabel()).setDecision(LabelDecision.KEPT).setDropReason(null)
                .build();
    }

    private static PseudoLabel inlineImageWithoutDimensions() {
        return PseudoLabel.newBuilder(SampleEvents.pseudoLabel()).setSampleId("textvqa-0002")
                .setImage(SampleEvents.inlineImage()).build();
    }

    private static LabelManifest manifest() {
        return new LabelManifest("tiny-vlm-trigger-000003", "tiny-vlm", TriggerReason.COUNT, "tiny-vlm-0002", ISSUED,
                List.of(keptStoredImage(), inlineImageWithoutDimensions()));
    }

    @Test
    void roundTripsEveryLabelFieldIncludingInlineImagesAndNulls() {
        LabelManifest manifest = manifest();
        LabelManifest read = LabelManifestCodec.decode(LabelManifestCodec.encode(manifest));
        assertEquals(manifest, read);
        PseudoLabel inline = read.labels().get(1);
        assertNull(inline.getImage().getUri());
        assertNull(inline.getImage().getWidth());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1}, inline.getImage().getInlineBytes().array());
        assertEquals(DropReason.BOX_TOO_LARGE, inline.getDropReason());
        assertNull(new LabelManifest("t", "b", TriggerReason.MANUAL, null, ISSUED, List.of()).baseCheckpointVersion());
    }

    @Test
    void writesTheDocumentedJsonShape() throws Exception {
        JsonNode root = JSON.readTree(LabelManifestCodec.encode(manifest()));
        assertEquals(1, root.get("formatVersion").intValue());
        assertEquals("tiny-vlm-trigger-000003", root.get("triggerId").textValue());
        assertEquals("COUNT", root.get("reason").textValue());
        assertEquals("tiny-vlm-0002", root.get("baseCheckpointVersion").textValue());
        assertEquals("2026-11-20T10:15:30.123Z", root.get("createdAt").textValue());
        assertEquals(2, root.get("labelCount").intValue());
        JsonNode first = root.get("labels").get(0);
        assertEquals("req-7", first.get("requestId").textValue());
        assertEquals("labeler-0.1.0", first.get("labelerVersion").textValue());
        assertEquals("s3://images/textvqa/0001.jpg", first.get("image").get("uri").textValue());
        assertTrue(first.get("image").get("inlineBytes").isNull());
        assertEquals("s3://labels/tiny-vlm/textvqa-0001.maps", first.get("maps").get("uri").textValue());
        assertEquals(12, first.get("foregroundBox").get("right").intValue());
        assertEquals("KEPT", first.get("decision").textValue());
        assertTrue(first.get("dropReason").isNull());
        assertEquals("iVBORwAB", root.get("labels").get(1).get("image").get("inlineBytes").textValue());
    }

    @Test
    void readsUnknownFieldsAndUnknownEnumSymbolsTolerantly() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(LabelManifestCodec.encode(manifest()));
        root.put("writtenBy", "a newer coordinator");
        root.put("reason", "SCHEDULED");
        ObjectNode second = (ObjectNode) root.get("labels").get(1);
        second.put("dropReason", "BLURRY");
        second.put("confidence", 0.9);
        LabelManifest read = LabelManifestCodec.decode(JSON.writeValueAsBytes(root));
        assertEquals(TriggerReason.OTHER, read.reason());
        assertEquals(DropReason.OTHER, read.labels().get(1).getDropReason());
    }

    @Test
    void refusesWhatItCannotReadNamingTheField() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(LabelManifestCodec.encode(manifest()));
        ((ObjectNode) root.get("labels").get(1).get("image")).remove("contentType");
        ManifestFormatException missing = assertThrows(ManifestFormatException.class,
                () -> LabelManifestCodec.decode(JSON.writeValueAsBytes(root)));
        assertEquals("labels[1].image.contentType: missing", missing.getMessage());

        ObjectNode newer = (ObjectNode) JSON.readTree(LabelManifestCodec.encode(manifest()));
        newer.put("formatVersion", 2);
        assertTrue(assertThrows(ManifestFormatException.class,
                () -> LabelManifestCodec.decode(JSON.writeValueAsBytes(newer))).getMessage().contains("version 2"));

        ObjectNode miscounted = (ObjectNode) JSON.readTree(LabelManifestCodec.encode(manifest()));
        miscounted.put("labelCount", 3);
        assertThrows(ManifestFormatException.class, () -> LabelManifestCodec.decode(JSON.writeValueAsBytes(miscounted)));

        ObjectNode badDecision = (ObjectNode) JSON.readTree(LabelManifestCodec.encode(manifest()));
        ((ObjectNode) badDecision.get("labels").get(0)).put("decision", "MAYBE");
        assertThrows(ManifestFormatException.class, () -> LabelManifestCodec.decode(JSON.writeValueAsBytes(badDecision)));

        assertThrows(ManifestFormatException.class,
                () -> LabelManifestCodec.decode("not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ManifestFormatException.class,
                () -> LabelManifestCodec.decode("[1, 2]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void locationIsTheManifestsBucketByBackboneAndTrigger() {
        assertEquals("s3://manifests/tiny-vlm/tiny-vlm-trigger-000003.json", manifest().location().format());
        assertThrows(IllegalArgumentException.class, () -> LabelManifest.location(" ", "t"));
    }

    @Test
    void labelsAreCopiesInAndOut() {
        PseudoLabel label = keptStoredImage();
        LabelManifest manifest = new LabelManifest("t", "b", TriggerReason.TIME, null, ISSUED, List.of(label));
        label.setSampleId("changed-after");
        manifest.labels().get(0).setSampleId("changed-outside");
        assertEquals("textvqa-0001", manifest.labels().get(0).getSampleId());
    }
}
