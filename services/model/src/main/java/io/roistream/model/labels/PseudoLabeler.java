package io.roistream.model.labels;

import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.Generation;
import io.roistream.model.backbone.ImageTokens;
import io.roistream.model.backbone.PrefixCache;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.image.ViewTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The labeler's model side (METHOD.md section 1): the frozen backbone answers each (image,
 * question) greedily from the plain prompt, being its own teacher; the answer's attention onto the
 * global image tokens (the end-of-sequence step excluded) is averaged into the grounding and sink
 * maps of a {@link GroundingSelection} ({@link AnswerAttention}), and {@link PseudoLabelRules} turn
 * the maps into a pseudo-label. No ground truth is used anywhere.
 *
 * <p>Images of any size {@value ViewTransform#MIN_SOURCE_SIDE}..{@value ViewTransform#MAX_SOURCE_SIDE}
 * px a side are letterboxed the LLaVA way into the backbone's global view. Questions are plain
 * words in the backbone's {@link Vocabulary}; {@link #checkQuestion} says why one cannot be asked.
 * One {@link #teach} call runs the backbone once for the whole batch; the results do not depend on
 * how samples are batched. Not thread-safe (the backbone is not): one labeler per thread.
 */
public final class PseudoLabeler {

    /** Answer tokens decoded at most (the end token included), as the backbone's scan decodes. */
    public static final int MAX_ANSWER_TOKENS = 3;

    private final Backbone backbone;
    private final Vocabulary vocabulary;
    private final GroundingSelection selection;
    private final PseudoLabelRules rules;

    /**
     * What one sample taught: the teacher's greedy answer, the averaged maps and the label the rules
     * derive from them.
     *
     * @param answer the decoded answer, empty when the teacher stopped at once
     * @param maps grounding and sink maps on the backbone's image-token grid
     * @param label the pseudo-label of {@code maps} under the labeler's rules
     */
    public record Teaching(String answer, AttentionMaps maps, PseudoLabel label) {

        /** Requires every part. */
        public Teaching {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(maps, "maps");
            Objects.requireNonNull(label, "label");
        }

        /**
         * Whether the teacher answered with at least one token. Without an answer the maps come from
         * the end-of-sequence step alone, which says little about the image: such a sample should not
         * be trained on, whatever its label's outcome.
         */
        public boolean answered() {
            return !answer.isEmpty();
        }

        /** Whether the sample is fit for training: answered and its label kept. */
        public boolean kept() {
            return answered() && label.kept();
        }
    }

    /**
     * A labeler of {@code backbone} with its vocabulary, grounding heads and label rules.
     *
     * @throws IllegalArgumentException when the vocabulary or the selection does not fit the backbone
     */
    public PseudoLabeler(Backbone backbone, Vocabulary vocabulary, GroundingSelection selection,
                         PseudoLabelRules rules) {
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.rules = Objects.requireNonNull(rules, "rules");
        BackboneConfig config = backbone.config();
        if (vocabulary.size() != config.vocabSize()) {
            throw new IllegalArgumentException("the vocabulary has " + vocabulary.size() + " words, the backbone "
                + config.vocabSize());
        }
        checkLayer("grounding", selection.layer(), config);
        if (selection.hasSinkLayer()) {
            checkLayer("sink", selection.sinkLayer(), config);
        }
        for (int head : selection.heads()) {
            if (head >= config.heads()) {
                throw new IllegalArgumentException("grounding head " + head + " does not exist: the backbone has "
                    + config.heads() + " heads");
            }
        }
        if (maxQuestionTokens() < 1) {
            throw new IllegalArgumentException("the backbone's text budget of " + config.maxTextTokens()
                + " tokens leaves no room for a question");
        }
    }

    /**
     * A labeler with the grounding a backbone's manifest records (layer, heads, sink layer and
     * threshold, foreground share, chosen by {@code scan}) and the reference's other thresholds.
     *
     * @throws IllegalArgumentException when the manifest has no grounding yet
     */
    public static PseudoLabeler of(Backbone backbone, BackboneManifest manifest) {
        BackboneManifest.Grounding g = manifest.grounding();
        if (g == null) {
            throw new IllegalArgumentException("backbone manifest " + manifest.name()
                + " has no grounding: run the scan first");
        }
        GroundingSelection selection = new GroundingSelection(g.layer(),
            g.heads().stream().mapToInt(Integer::intValue).toArray(),
            g.sinkLayer() < 0 ? GroundingSelection.NO_SINK_LAYER : g.sinkLayer());
        // without a sink layer the sink map is all zeros and any positive threshold masks nothing
        double sinkThreshold = g.sinkThreshold() > 0 ? g.sinkThreshold() : PseudoLabelConfig.DEFAULT_SINK_THRESHOLD;
        double foreground = g.foregroundShare() > 0 ? g.foregroundShare() : PseudoLabelConfig.DEFAULT_FOREGROUND_RATIO;
        PseudoLabelConfig config = new PseudoLabelConfig(sinkThreshold, foreground,
            Math.min(PseudoLabelConfig.DEFAULT_BACKGROUND_RATIO, foreground), PseudoLabelConfig.DEFAULT_MAX_BOX_SHARE);
        return new PseudoLabeler(backbone, new Vocabulary(), selection, new PseudoLabelRules(config));
    }

    /** Which layer and heads make the maps. */
    public GroundingSelection selection() {
        return selection;
    }

    /** The rules that turn maps into labels. */
    public PseudoLabelRules rules() {
        return rules;
    }

    /** Rows and columns of the image-token grid the maps lie on. */
    public int gridSize() {
        return backbone.config().gridSize();
    }

    /** Most question tokens the backbone's text budget leaves room for (besides the assistant tag and answer). */
    public int maxQuestionTokens() {
        return backbone.config().maxTextTokens() - 1 - MAX_ANSWER_TOKENS;
    }

    /**
     * The question's token ids, or an {@link IllegalArgumentException} naming why it cannot be
     * asked: missing or blank, no word the vocabulary knows ("?" alone does not count), or longer
     * than the backbone's text budget. Unknown words among known ones are kept as the unknown token.
     */
    public int[] checkQuestion(String question) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
        List<String> words = Vocabulary.tokenize(question);
        if (words.stream().noneMatch(w -> !w.equals("?") && vocabulary.contains(w))) {
            throw new IllegalArgumentException("the question has no word the backbone's vocabulary knows: '"
                + abbreviated(question) + "'");
        }
        if (words.size() > maxQuestionTokens()) {
            throw new IllegalArgumentException("the question has " + words.size() + " tokens, more than the "
                + maxQuestionTokens() + " the backbone's text budget leaves: '" + abbreviated(question) + "'");
        }
        return vocabulary.encode(question);
    }

    /**
     * Teaches one batch: {@code images.get(i)} is asked {@code questions.get(i)}. The backbone runs
     * once for the whole batch.
     *
     * @throws IllegalArgumentException when the lists differ in length, are empty, an image's size is
     *     outside {@value ViewTransform#MIN_SOURCE_SIDE}..{@value ViewTransform#MAX_SOURCE_SIDE} px a
     *     side, or a question fails {@link #checkQuestion}
     */
    public List<Teaching> teach(List<BufferedImage> images, List<String> questions) {
        if (images.size() != questions.size()) {
            throw new IllegalArgumentException(images.size() + " images for " + questions.size() + " questions");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("nothing to teach: the batch is empty");
        }
        List<int[]> tokens = new ArrayList<>(questions.size());
        for (String question : questions) {
            tokens.add(checkQuestion(question));
        }
        int size = backbone.config().imageSize();
        List<float[]> views = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            views.add(ViewTransform.letterbox(image.getWidth(), image.getHeight(), size).renderChw(image));
        }
        Generation generation;
        try (ImageTokens global = backbone.encodeGlobal(views);
             PrefixCache prefix = backbone.prefill(global)) {
            generation = backbone.generate(prefix, null, tokens, MAX_ANSWER_TOKENS);
        }
        int grid = gridSize();
        List<Teaching> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[][][][] steps = generation.attention()[i];
            AttentionMaps maps = AnswerAttention.average(grid, grid, steps, selection,
                    AnswerAttention.excludeEndStep(steps, generation.endedWithEos()[i]));
            out.add(new Teaching(vocabulary.decode(generation.tokens()[i]), maps, rules.label(maps)));
        }
        return out;
    }

    private static void checkLayer(String what, int layer, BackboneConfig config) {
        if (layer >= config.decoderLayers()) {
            throw new IllegalArgumentException(what + " layer " + layer + " does not exist: the backbone has "
                + config.decoderLayers() + " decoder layers");
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    @Override
    public String toString() {
        return "PseudoLabeler[" + selection + ", " + rules.config() + ", " + gridSize() + "x" + gridSize() + " grid]";
    }
}
