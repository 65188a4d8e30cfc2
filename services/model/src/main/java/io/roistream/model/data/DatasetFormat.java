package io.roistream.model.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roistream.model.image.Box;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The on-disk dataset format shared by {@link DatasetWriter} and {@link DatasetReader}:
 * {@code images/<id>.png}, {@code questions.jsonl} (one question per line) and, for generated
 * data, {@code scenes.jsonl} (one scene's objects per line).
 */
final class DatasetFormat {

    static final String IMAGES = "images";
    static final String QUESTIONS = "questions.jsonl";
    static final String SCENES = "scenes.jsonl";
    static final String MANIFEST = "dataset.json";

    static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private DatasetFormat() {
    }

    /** One line of questions.jsonl. */
    record QuestionLine(String image, String question, String answer, String kind, String template, double[] box, Integer objectId) {
    }

    /** One object in a line of scenes.jsonl. */
    record ObjectLine(int id, String colour, String shape, String label, double[] box) {
    }

    /** One line of scenes.jsonl. */
    record SceneLine(String image, int width, int height, List<ObjectLine> objects) {
    }

    static String checkId(String imageId) {
        if (imageId == null || !SAFE_ID.matcher(imageId).matches()) {
            throw new IllegalArgumentException("image id must be letters, digits, '.', '_' or '-' (not first), got '" + imageId + "'");
        }
        return imageId;
    }

    static QuestionLine toLine(VqaSample sample) {
        return new QuestionLine(sample.imageId(), sample.question(), sample.answer(), sample.kind().name().toLowerCase(Locale.ROOT),
            sample.template(), sample.box() == null ? null : sample.box().toArray(), sample.objectId());
    }

    static VqaSample fromLine(QuestionLine line) {
        require(line.image() != null, "image");
        require(line.question() != null, "question");
        require(line.answer() != null, "answer");
        require(line.kind() != null, "kind");
        QuestionKind kind = QuestionKind.valueOf(line.kind().toUpperCase(Locale.ROOT));
        Box box = line.box() == null ? null : Box.fromArray(line.box());
        int objectId = box == null ? -1 : line.objectId() == null ? -1 : line.objectId();
        return new VqaSample(line.image(), line.question(), line.answer(), kind, line.template() == null ? "" : line.template(), box, objectId);
    }

    static SceneLine toLine(Scene scene) {
        return new SceneLine(scene.id(), scene.width(), scene.height(), scene.objects().stream()
            .map(o -> new ObjectLine(o.id(), o.colour().word(), o.shape().word(), o.label(), o.box().toArray()))
            .toList());
    }

    static List<SceneObject> objects(SceneLine line) {
        require(line.image() != null, "image");
        require(line.objects() != null, "objects");
        return line.objects().stream()
            .map(o -> new SceneObject(o.id(), Colour.fromWord(o.colour()), Shape.fromWord(o.shape()), o.label(), Box.fromArray(o.box())))
            .toList();
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
    }
}
