package io.roistream.model.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed word-level vocabulary of the synthetic task. Ids are stable: the list below only ever
 * grows at its end. Every template word, colour, shape (singular and plural), position word,
 * yes/no and the numbers 0..99 (labels and counts) is one token, so every answer is one token.
 *
 * <p>Text is split on white space after lower-casing, with "?" as a token of its own.
 */
public final class Vocabulary {

    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String IMAGE = "<image>";
    public static final String CROP = "<crop>";
    public static final String ASSISTANT = "<assistant>";
    public static final String UNK = "<unk>";

    private static final List<String> SPECIALS = List.of(PAD, BOS, EOS, IMAGE, CROP, ASSISTANT, UNK);
    private static final List<String> TEMPLATE_WORDS = List.of(
        "?", "what", "is", "written", "on", "the", "number", "colour", "shape", "object",
        "how", "many", "are", "there", "a", "where", "yes", "no");
    /** Words added after the first release, at the end so that earlier ids stay the same. */
    private static final List<String> ADDED_WORDS = List.of("last", "digit");

    private final List<String> words;
    private final Map<String, Integer> ids;

    /** The vocabulary (the same words in the same order on every call). */
    public Vocabulary() {
        List<String> list = new ArrayList<>(SPECIALS);
        list.addAll(TEMPLATE_WORDS);
        for (Colour colour : Colour.values()) {
            list.add(colour.word());
        }
        for (Shape shape : Shape.values()) {
            list.add(shape.word());
            list.add(shape.plural());
        }
        list.addAll(QuestionGenerator.POSITIONS);
        for (int n = 0; n <= 99; n++) {
            list.add(Integer.toString(n));
        }
        list.addAll(ADDED_WORDS);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (index.put(list.get(i), i) != null) {
                throw new IllegalStateException("word listed twice in the vocabulary: " + list.get(i));
            }
        }
        this.words = Collections.unmodifiableList(list);
        this.ids = Map.copyOf(index);
    }

    public int size() {
        return words.size();
    }

    /** Every word by id. */
    public List<String> words() {
        return words;
    }

    /** The id of {@code word} (exact, after lower-casing). */
    public int id(String word) {
        Integer id = ids.get(word.toLowerCase(Locale.ROOT));
        if (id == null) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary");
        }
        return id;
    }

    /** Whether {@code word} has a token of its own. */
    public boolean contains(String word) {
        return ids.containsKey(word.toLowerCase(Locale.ROOT));
    }

    /** The word of {@code id}. */
    public String word(int id) {
        if (id < 0 || id >= words.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside 0.." + (words.size() - 1));
        }
        return words.get(id);
    }

    /** The words of {@code text} as they are tokenised. */
    public static List<String> tokenize(String text) {
        String spaced = text.toLowerCase(Locale.ROOT).replace("?", " ? ").trim();
        return spaced.isEmpty() ? List.of() : List.of(spaced.split("\\s+"));
    }

    /** The token ids of {@code text} (no BOS/EOS added); unknown words become {@link #UNK}. */
    public int[] encode(String text) {
        List<String> tokens = tokenize(text);
        int unknown = ids.get(UNK);
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(tokens.get(i), unknown);
        }
        return out;
    }

    /** The text of token ids: words joined by spaces, "?" attached to the word before it. */
    public String decode(int[] tokenIds) {
        StringBuilder text = new StringBuilder();
        for (int id : tokenIds) {
            String word = word(id);
            if (text.length() > 0 && !word.equals("?")) {
                text.append(' ');
            }
            text.append(word);
        }
        return text.toString();
    }
}
