package io.roistream.model.data;

import java.util.Locale;

/**
 * The question templates, in plain words. Placeholders: {colour}, {shape}, {shapes} (plural),
 * {number}. Every answer is one vocabulary token.
 */
public enum QuestionTemplate {
    /** The label of a colour-shape pair (answer: the label). */
    LABEL(QuestionKind.FINE, "what is written on the {colour} {shape}?"),
    /** The last digit of a colour-shape pair's label (answer: a digit 0-9; a 1-digit label is its own). */
    LAST_DIGIT(QuestionKind.FINE, "what is the last digit on the {colour} {shape}?"),
    /**
     * Whether a given number is the label of a colour-shape pair (answer: yes or no, balanced). The
     * default backbone did not learn it (docs/results/backbone.md): it is not in the default mixes.
     */
    LABEL_CHECK(QuestionKind.FINE, "is the number on the {colour} {shape} {number}?"),
    /** The colour of a shape that occurs exactly once in the scene. */
    COLOUR_OF_SHAPE(QuestionKind.COARSE, "what colour is the {shape}?"),
    /** The shape of a colour that occurs exactly once in the scene. */
    SHAPE_OF_COLOUR(QuestionKind.COARSE, "what shape is the {colour} object?"),
    /** How many objects of a shape there are (answer: a number, possibly 0). */
    COUNT(QuestionKind.COARSE, "how many {shapes} are there?"),
    /** Whether a colour-shape pair is in the scene (answer: yes or no, balanced). */
    EXISTS(QuestionKind.COARSE, "is there a {colour} {shape}?"),
    /**
     * Where a colour-shape pair is, as one of nine words (top-left ... bottom-right) from the image
     * split in thirds; asked only when the object's centre is clear of the third lines.
     */
    WHERE(QuestionKind.COARSE, "where is the {colour} {shape}?");

    private final QuestionKind kind;
    private final String pattern;

    QuestionTemplate(QuestionKind kind, String pattern) {
        this.kind = kind;
        this.pattern = pattern;
    }

    public QuestionKind kind() {
        return kind;
    }

    /** The question with its placeholders, e.g. "what colour is the {shape}?". */
    public String pattern() {
        return pattern;
    }

    /** The name written in data files, e.g. "colour_of_shape". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The template with this key (as {@link #key()}, case-insensitive). */
    public static QuestionTemplate fromKey(String key) {
        for (QuestionTemplate template : values()) {
            if (template.key().equalsIgnoreCase(key)) {
                return template;
            }
        }
        throw new IllegalArgumentException("no question template is called '" + key + "'");
    }
}
