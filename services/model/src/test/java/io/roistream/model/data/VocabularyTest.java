package io.roistream.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private final Vocabulary vocabulary = new Vocabulary();

    @Test
    void specialsComeFirstInAFixedOrder() {
        List<String> specials = List.of(Vocabulary.PAD, Vocabulary.BOS, Vocabulary.EOS, Vocabulary.IMAGE,
            Vocabulary.CROP, Vocabulary.ASSISTANT, Vocabulary.UNK);
        for (int i = 0; i < specials.size(); i++) {
            assertEquals(i, vocabulary.id(specials.get(i)));
        }
        assertEquals(new Vocabulary().words(), vocabulary.words(), "the same words in the same order every time");
    }

    @Test
    void everyNumberFrom0To99IsOneToken() {
        for (int n = 0; n <= 99; n++) {
            assertEquals(1, vocabulary.encode(Integer.toString(n)).length);
            assertEquals(Integer.toString(n), vocabulary.word(vocabulary.id(Integer.toString(n))));
        }
    }

    @Test
    void encodesAndDecodesQuestions() {
        String question = "what is written on the red circle?";
        int[] ids = vocabulary.encode(question);
        assertEquals(8, ids.length, "seven words and the question mark");
        assertEquals(vocabulary.id("?"), ids[7]);
        assertEquals(question, vocabulary.decode(ids));
        assertArrayEquals(ids, vocabulary.encode("  What is WRITTEN on the red circle ? "));
    }

    @Test
    void unknownWordsEncodeAsUnkButHaveNoId() {
        int[] ids = vocabulary.encode("what is zebra?");
        assertEquals(vocabulary.id(Vocabulary.UNK), ids[2]);
        assertFalse(vocabulary.contains("zebra"));
        assertThrows(IllegalArgumentException.class, () -> vocabulary.id("zebra"));
        assertThrows(IllegalArgumentException.class, () -> vocabulary.word(vocabulary.size()));
    }

    @Test
    void holdsEveryWordTheTemplatesAndAnswersUse() {
        for (Colour colour : Colour.values()) {
            vocabulary.id(colour.word());
        }
        for (Shape shape : Shape.values()) {
            vocabulary.id(shape.word());
            vocabulary.id(shape.plural());
        }
        QuestionGenerator.POSITIONS.forEach(vocabulary::id);
        vocabulary.id("yes");
        vocabulary.id("no");
        for (QuestionTemplate template : QuestionTemplate.values()) {
            for (String word : Vocabulary.tokenize(template.pattern())) {
                if (!word.startsWith("{")) {
                    vocabulary.id(word);
                }
            }
        }
    }
}
