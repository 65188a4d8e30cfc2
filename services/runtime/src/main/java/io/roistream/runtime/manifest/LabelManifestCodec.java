package io.roistream.runtime.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roistream.events.AttentionMapsRef;
import io.roistream.events.DropReason;
import io.roistream.events.GridBox;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TriggerReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes {@link LabelManifest}s as UTF-8 JSON, the format any trainer (in any language)
 * reads:
 *
 * <pre>
 * {"formatVersion": 1, "triggerId": "...", "backboneId": "...", "reason": "COUNT|TIME|MANUAL|OTHER",
 *  "baseCheckpointVersion": "..." or null, "createdAt": "2026-11-20T10:15:30.123Z", "labelCount": 2,
 *  "labels": [
 *   {"sampleId": "...", "requestId": "...", "source": "...",
 *    "image": {"uri": "s3://..." or null, "inlineBytes": "&lt;base64&gt;" or null, "contentType": "image/png",
 *              "sha256": "..." or null, "width": 640 or null, "height": 480 or null},
 *    "question": "...", "backboneId": "...", "backboneVersion": "...", "gridHeight": 24, "gridWidth": 24,
 *    "maps": {"uri": "s3://labels/...", "formatVersion": 1}, "teacherAnswer": "...",
 *    "foregroundBox": {"top": 3, "left": 4, "bottom": 9, "right": 12},
 *    "decision": "KEPT", "dropReason": null, "labelerVersion": "...", "createdAt": "..."}, ...]}
 * </pre>
 *
 * The label fields are those of the {@code PseudoLabel} event; instants are ISO-8601 in UTC with
 * millisecond precision. Readers ignore fields they do not know (a newer writer may add some),
 * read an unknown {@code reason} or {@code dropReason} as {@code OTHER}, and refuse a newer
 * {@code formatVersion}, a missing field and a {@code labelCount} that disagrees with the labels.
 */
public final class LabelManifestCodec {

    /** The media type of stored manifests. */
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelManifestCodec() {
    }

    /** The JSON bytes of {@code manifest}. */
    public static byte[] encode(LabelManifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", LabelManifest.FORMAT_VERSION);
        root.put("triggerId", manifest.triggerId());
        root.put("backboneId", manifest.backboneId());
        root.put("reason", manifest.reason().name());
        root.put("baseCheckpointVersion", manifest.baseCheckpointVersion());
        root.put("createdAt", manifest.createdAt().toString());
        root.put("labelCount", manifest.labelCount());
        ArrayNode labels = root.putArray("labels");
        for (PseudoLabel label : manifest.labels()) {
            labels.add(encodeLabel(label));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write manifest " + manifest.triggerId() + " as JSON", e);
        }
    }

    /**
     * The manifest in {@code json}.
     *
     * @throws ManifestFormatException when it is not a manifest this version can read
     */
    public static LabelManifest decode(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException("Not a JSON manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ManifestFormatException("Cannot read the manifest: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestFormatException("Not a JSON manifest: the document is not an object");
        }
        int formatVersion = integer(root, "formatVersion", "");
        if (formatVersion < 1 || formatVersion > LabelManifest.FORMAT_VERSION) {
            throw new ManifestFormatException("Manifest format version " + formatVersion
                    + " is not supported (this reader knows 1 to " + LabelManifest.FORMAT_VERSION + ")");
        }
        JsonNode labelsNode = root.get("labels");
        if (labelsNode == null || !labelsNode.isArray()) {
            throw new ManifestFormatException("labels: missing or not an array");
        }
        List<PseudoLabel> labels = new ArrayList<>(labelsNode.size());
        for (int i = 0; i < labelsNode.size(); i++) {
            labels.add(decodeLabel(labelsNode.get(i), "labels[" + i + "]"));
        }
        int labelCount = integer(root, "labelCount", "");
        if (labelCount != labels.size()) {
            throw new ManifestFormatException("labelCount is " + labelCount + " but the manifest lists "
                    + labels.size() + " labels");
        }
        try {
            return new LabelManifest(text(root, "triggerId", ""), text(root, "backboneId", ""),
                    enumOrDefault(root, "reason", "", TriggerReason.class, TriggerReason.OTHER),
                    optionalText(root, "baseCheckpointVersion", ""), instant(root, "createdAt", ""), labels);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("Invalid manifest: " + e.getMessage(), e);
        }
    }

    private static ObjectNode encodeLabel(PseudoLabel label) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sampleId", label.getSampleId());
        node.put("requestId", label.getRequestId());
        node.put("source", label.getSource());
        ImageRef image = label.getImage();
        ObjectNode imageNode = node.putObject("image");
        imageNode.put("uri", image.getUri());
        imageNode.put("inlineBytes", image.getInlineBytes() == null ? null : base64(image.getInlineBytes()));
        imageNode.put("contentType", image.getContentType());
        imageNode.put("sha256", image.getSha256());
        imageNode.put("width", image.getWidth());
        imageNode.put("height", image.getHeight());
        node.put("question", label.getQuestion());
        node.put("backboneId", label.getBackboneId());
        node.put("backboneVersion", label.getBackboneVersion());
        node.put("gridHeight", label.getGridHeight());
        node.put("gridWidth", label.getGridWidth());
        ObjectNode maps = node.putObject("maps");
        maps.put("uri", label.getMaps().getUri());
        maps.put("formatVersion", label.getMaps().getFormatVersion());
        node.put("teacherAnswer", label.getTeacherAnswer());
        GridBox box = label.getForegroundBox();
        ObjectNode boxNode = node.putObject("foregroundBox");
        boxNode.put("top", box.getTop());
        boxNode.put("left", box.getLeft());
        boxNode.put("bottom", box.getBottom());
        boxNode.put("right", box.getRight());
        node.put("decision", label.getDecision().name());
        node.put("dropReason", label.getDropReason() == null ? null : label.getDropReason().name());
        node.put("labelerVersion", label.getLabelerVersion());
        node.put("createdAt", label.getCreatedAt().toString());
        return node;
    }

    private static PseudoLabel decodeLabel(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new ManifestFormatException(path + ": not an object");
        }
        JsonNode image = object(node, "image", path);
        String imagePath = path + ".image";
        String inline = optionalText(image, "inlineBytes", imagePath);
        JsonNode maps = object(node, "maps", path);
        JsonNode box = object(node, "foregroundBox", path);
        String boxPath = path + ".foregroundBox";
        return PseudoLabel.newBuilder()
                .setSampleId(text(node, "sampleId", path))
                .setRequestId(text(node, "requestId", path))
                .setSource(text(node, "source", path))
                .setImage(ImageRef.newBuilder()
                        .setUri(optionalText(image, "uri", imagePath))
                        .setInlineBytes(inline == null ? null : ByteBuffer.wrap(fromBase64(inline, imagePath)))
                        .setContentType(text(image, "contentType", imagePath))
                        .setSha256(optionalText(image, "sha256", imagePath))
                        .setWidth(optionalInteger(image, "width", imagePath))
                        .setHeight(optionalInteger(image, "height", imagePath))
                        .build())
                .setQuestion(text(node, "question", path))
                .setBackboneId(text(node, "backboneId", path))
                .setBackboneVersion(text(node, "backboneVersion", path))
                .setGridHeight(integer(node, "gridHeight", path))
                .setGridWidth(integer(node, "gridWidth", path))
                .setMaps(AttentionMapsRef.newBuilder()
                        .setUri(text(maps, "uri", path + ".maps"))
                        .setFormatVersion(integer(maps, "formatVersion", path + ".maps"))
                        .build())
                .setTeacherAnswer(text(node, "teacherAnswer", path))
                .setForegroundBox(GridBox.newBuilder()
                        .setTop(integer(box, "top", boxPath))
                        .setLeft(integer(box, "left", boxPath))
                        .setBottom(integer(box, "bottom", boxPath))
                        .setRight(integer(box, "right", boxPath))
                        .build())
                .setDecision(decision(node, path))
                .setDropReason(optionalText(node, "dropReason", path) == null ? null
                        : enumOrDefault(node, "dropReason", path, DropReason.class, DropReason.OTHER))
                .setLabelerVersion(text(node, "labelerVersion", path))
                .setCreatedAt(instant(node, "createdAt", path))
                .build();
    }

    private static LabelDecision decision(JsonNode node, String path) {
        String name = text(node, "decision", path);
        try {
            return LabelDecision.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException(field(path, "decision") + ": unknown decision '" + name + "'", e);
        }
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return Base64.getEncoder().encodeToString(copy);
    }

    private static byte[] fromBase64(String text, String path) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException(field(path, "inlineBytes") + ": not base64", e);
        }
    }

    private static JsonNode present(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new ManifestFormatException(field(path, name) + ": missing");
        }
        return value;
    }

    private static JsonNode object(JsonNode node, String name, String path) {
        JsonNode value = present(node, name, path);
        if (!value.isObject()) {
            throw new ManifestFormatException(field(path, name) + ": not an object");
        }
        return value;
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode value = present(node, name, path);
        if (!value.isTextual()) {
            throw new ManifestFormatException(field(path, name) + ": not a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : text(node, name, path);
    }

    private static int integer(JsonNode node, String name, String path) {
        JsonNode value = present(node, name, path);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ManifestFormatException(field(path, name) + ": not a 32-bit integer");
        }
        return value.intValue();
    }

    private static Integer optionalInteger(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : integer(node, name, path);
    }

    private static Instant instant(JsonNode node, String name, String path) {
        String text = text(node, name, path);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ManifestFormatException(field(path, name) + ": not an ISO-8601 instant: " + text, e);
        }
    }

    private static <E extends Enum<E>> E enumOrDefault(JsonNode node, String name, String path, Class<E> type,
                                                       E unknown) {
        String text = text(node, name, path);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        return unknown;
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
