package io.roistream.model.data;

import static io.roistream.model.data.Scenes.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.image.Box;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuestionGeneratorTest {

    private static final SceneGenerator SCENES = new SceneGenerator(SceneConfig.defaults());
    private static final QuestionGenerator QUESTIONS = new QuestionGenerator(QuestionGenerator.defaultMix());

    @Test
    void everyAnswerMatchesTheScene() {
        for (long seed = 0; seed < 100; seed++) {
            Scene scene = SCENES.generate(seed);
            for (QuestionTemplate template : QuestionTemplate.values()) {
                for (VqaSample sample : QuestionGenerator.candidates(scene, template, seed)) {
                    assertEquals(template.key(), sample.template());
                    assertEquals(template.kind(), sample.kind());
                    assertEquals(scene.id(), sample.imageId());
                    assertEquals(expectedAnswer(scene, sample), sample.answer(), sample.question());
                    if (sample.box() != null) {
                        assertEquals(scene.object(sample.objectId()).box(), sample.box());
                    } else {
                        assertEquals(-1, sample.objectId());
                    }
                }
            }
        }
    }

    @Test
    void colourOfShapeIsAskedOnlyForUniqueShapesAndShapeOfColourOnlyForUniqueColours() {
        Scene scene = Scenes.of(384, 384,
            spec(Colour.RED, Shape.CIRCLE, "1", Box.ofSize(20, 20, 50, 50)),
            spec(Colour.BLUE, Shape.CIRCLE, "2", Box.ofSize(120, 20, 50, 50)),
            spec(Colour.RED, Shape.SQUARE, "3", Box.ofSize(220, 20, 50, 50)),
            spec(Colour.GREEN, Shape.TRIANGLE, "4", Box.ofSize(20, 220, 50, 43)));
        List<String> colourOf = questions(scene, QuestionTemplate.COLOUR_OF_SHAPE);
        assertEquals(List.of("what colour is the square?", "what colour is the triangle?"), colourOf);
        List<String> shapeOf = questions(scene, QuestionTemplate.SHAPE_OF_COLOUR);
        assertEquals(List.of("what shape is the green object?", "what shape is the blue object?"), shapeOf);
    }

    @Test
    void whereIsAskedOnlyWhenTheCentreIsClearOfTheThirdLines() {
        Scene scene = Scenes.of(384, 384,
            spec(Colour.RED, Shape.SQUARE, "1", new Box(10, 10, 50, 50)),
            spec(Colour.BLUE, Shape.SQUARE, "2", new Box(108, 300, 148, 340)),
            spec(Colour.GREEN, Shape.CIRCLE, "3", new Box(172, 172, 212, 212)));
        List<VqaSample> where = QuestionGenerator.candidates(scene, QuestionTemplate.WHERE, 1);
        assertEquals(2, where.size(), "the blue square's centre x=128 is on the first third line");
        assertEquals("top-left", where.get(0).answer());
        assertEquals("centre", where.get(1).answer());
        assertNull(QuestionGenerator.position(scene.object(1), 384, 384));
    }

    @Test
    void yesNoTemplatesAreBalanced() {
        Scene scene = SCENES.generate(5);
        for (QuestionTemplate template : List.of(QuestionTemplate.EXISTS, QuestionTemplate.LABEL_CHECK)) {
            List<VqaSample> candidates = QuestionGenerator.candidates(scene, template, 3);
            long yes = candidates.stream().filter(s -> s.answer().equals("yes")).count();
            long no = candidates.stream().filter(s -> s.answer().equals("no")).count();
            assertEquals(scene.objects().size(), yes);
            assertEquals(yes, no, template.key());
        }
    }

    @Test
    void questionsAreDistinctDeterministicAndFollowTheMix() {
        Scene scene = SCENES.generate(11);
        List<VqaSample> asked = QUESTIONS.questions(scene, 12, 99);
        assertEquals(12, asked.size());
        assertEquals(asked, QUESTIONS.questions(scene, 12, 99));
        assertNotEquals(asked, QUESTIONS.questions(scene, 12, 100));
        Set<String> texts = new HashSet<>();
        asked.forEach(sample -> assertTrue(texts.add(sample.question()), "repeated: " + sample.question()));

        QuestionGenerator onlyFine = new QuestionGenerator(QuestionGenerator.parseMix("label=1, label_check=0"));
        List<VqaSample> fine = onlyFine.questions(scene, 50, 1);
        assertEquals(scene.objects().size(), fine.size(), "runs out of candidates: one label question per object");
        fine.forEach(sample -> assertEquals("label", sample.template()));
    }

    @Test
    void mixWeightsShapeTheShareOfEachTemplate() {
        Map<QuestionTemplate, Double> mix = new EnumMap<>(QuestionTemplate.class);
        mix.put(QuestionTemplate.LABEL, 3.0);
        mix.put(QuestionTemplate.COUNT, 1.0);
        QuestionGenerator generator = new QuestionGenerator(mix);
        int label = 0;
        int count = 0;
        for (long seed = 0; seed < 300; seed++) {
            for (VqaSample sample : generator.questions(SCENES.generate(seed), 1, seed)) {
                if (sample.template().equals("label")) {
                    label++;
                } else {
                    count++;
                }
            }
        }
        assertEquals(0.75, label / 300.0, 0.08, "label share");
        assertEquals(300, label + count);
    }

    @Test
    void rejectsBadMixes() {
        assertThrows(IllegalArgumentException.class, () -> new QuestionGenerator(Map.of(QuestionTemplate.LABEL, 0.0)));
        assertThrows(IllegalArgumentException.class, () -> new QuestionGenerator(Map.of(QuestionTemplate.LABEL, -1.0)));
        assertThrows(IllegalArgumentException.class, () -> QuestionGenerator.parseMix("label:3"));
        assertThrows(IllegalArgumentException.class, () -> QuestionGenerator.parseMix("label=x"));
        assertThrows(IllegalArgumentException.class, () -> QuestionGenerator.parseMix("colour=1"));
    }

    @Test
    void everyQuestionAndAnswerIsInTheVocabularyAndAnswersAreOneToken() {
        Vocabulary vocabulary = new Vocabulary();
        int unknown = vocabulary.id(Vocabulary.UNK);
        SceneGenerator twoDigits = new SceneGenerator(SceneConfig.defaults().withLabelDigits(1, 2));
        for (long seed = 0; seed < 50; seed++) {
            Scene scene = twoDigits.generate(seed);
            for (QuestionTemplate template : QuestionTemplate.values()) {
                for (VqaSample sample : QuestionGenerator.candidates(scene, template, seed)) {
                    for (int id : vocabulary.encode(sample.question())) {
                        assertNotEquals(unknown, id, sample.question());
                    }
                    assertTrue(vocabulary.contains(sample.answer()), sample.answer());
                    assertEquals(1, vocabulary.encode(sample.answer()).length);
                }
            }
        }
    }

    /** The answer worked out independently from the scene's objects and the question's words. */
    private static String expectedAnswer(Scene scene, VqaSample sample) {
        List<String> words = Vocabulary.tokenize(sample.question());
        Colour colour = null;
        Shape shape = null;
        for (String word : words) {
            for (Colour c : Colour.values()) {
                colour = c.word().equals(word) ? c : colour;
            }
            for (Shape s : Shape.values()) {
                shape = s.word().equals(word) || s.plural().equals(word) ? s : shape;
            }
        }
        Colour c = colour;
        Shape s = shape;
        List<SceneObject> matching = scene.objects().stream()
            .filter(o -> (c == null || o.colour() == c) && (s == null || o.shape() == s)).toList();
        return switch (QuestionTemplate.fromKey(sample.template())) {
            case LABEL -> single(matching).label();
            case LAST_DIGIT -> {
                String label = single(matching).label();
                yield label.substring(label.length() - 1);
            }
            case LABEL_CHECK -> single(matching).label().equals(words.get(words.size() - 2)) ? "yes" : "no";
            case COLOUR_OF_SHAPE -> single(matching).colour().word();
            case SHAPE_OF_COLOUR -> single(matching).shape().word();
            case COUNT -> Integer.toString(matching.size());
            case EXISTS -> matching.isEmpty() ? "no" : "yes";
            case WHERE -> {
                SceneObject object = single(matching);
                int column = (int) (object.box().centreX() * 3 / scene.width());
                int row = (int) (object.box().centreY() * 3 / scene.height());
                yield QuestionGenerator.POSITIONS.get(row * 3 + column);
            }
        };
    }

    private static SceneObject single(List<SceneObject> matching) {
        assertEquals(1, matching.size(), "the question must refer to exactly one object");
        return matching.get(0);
    }

    private static List<String> questions(Scene scene, QuestionTemplate template) {
        List<String> texts = QuestionGenerator.candidates(scene, template, 1).stream().map(VqaSample::question).toList();
        assertFalse(texts.isEmpty());
        return texts;
    }
}
