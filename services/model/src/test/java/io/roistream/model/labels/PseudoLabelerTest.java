package io.roistream.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.backbone.SpecialTokens;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.data.VqaSample;
import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labeler on real backbones: an untrained tiny one (question checks, determinism, batching)
 * and the shipped default one on generated scenes, whose ground truth is used only in the
 * assertions.
 */
class PseudoLabelerTest {

    private static final Vocabulary VOCABULARY = new Vocabulary();
    private static final SpecialTokens SPECIAL = new SpecialTokens(0, 1, 2, 5);
    private static final SceneGenerator SCENES = new SceneGenerator(SceneConfig.defaults());

    /** Questions asked about generated scenes, with their scenes. */
    private record Samples(List<BufferedImage> images, List<String> questions, List<VqaSample> asked,
                           List<Scene> scenes) {}

    @BeforeAll
    static void engine() {
        Engines.configure(1, 7);
    }

    private static DjlBackbone tinyBackbone() {
        return DjlBackbone.create(BackboneConfig.tiny(VOCABULARY.size()), SPECIAL, 3, Device.cpu());
    }

    private static PseudoLabeler tinyLabeler(DjlBackbone backbone) {
        return new PseudoLabeler(backbone, VOCABULARY, new GroundingSelection(1, new int[] {0, 1}, 0),
            PseudoLabelRules.defaults());
    }

    private static Samples samples(long seedBase, int scenes, int perScene) {
        QuestionGenerator generator = new QuestionGenerator(ProbeRun.mix());
        Samples out = new Samples(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int s = 0; s < scenes; s++) {
            Scene scene = SCENES.generate(seedBase + s);
            for (VqaSample q : generator.questions(scene, perScene, seedBase + s)) {
                out.images().add(scene.image());
                out.questions().add(q.question());
                out.asked().add(q);
                out.scenes().add(scene);
            }
        }
        return out;
    }

    @Test
    void questionsThatCannotBeAskedAreRefusedWithTheirReason() {
        try (DjlBackbone backbone = tinyBackbone()) {
            PseudoLabeler labeler = tinyLabeler(backbone);
            assertEquals(16 - 1 - PseudoLabeler.MAX_ANSWER_TOKENS, labeler.maxQuestionTokens());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> labeler.checkQuestion(""))
                .getMessage().contains("empty"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> labeler.checkQuestion("   "))
                .getMessage().contains("empty"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> labeler.checkQuestion(null))
                .getMessage().contains("empty"));
            String unknown = assertThrows(IllegalArgumentException.class,
                () -> labeler.checkQuestion("xyzzy plugh frobnicate?")).getMessage();
            assertTrue(unknown.contains("no word") && unknown.contains("xyzzy"), unknown);
            String overlong = assertThrows(IllegalArgumentException.class,
                () -> labeler.checkQuestion("what is the colour of the red circle on the left of the blue square?"))
                .getMessage();
            assertTrue(overlong.contains("16 tokens") && overlong.contains("12"), overlong);
            int[] tokens = labeler.checkQuestion("What is written on the zorblax?");
            assertEquals(7, tokens.length);
            assertEquals(VOCABULARY.id(Vocabulary.UNK), tokens[5], "an unknown word among known ones is the unknown token");
            Scene scene = SCENES.generate(1);
            assertThrows(IllegalArgumentException.class,
                () -> labeler.teach(List.of(scene.image()), List.of("xyzzy")));
            assertThrows(IllegalArgumentException.class,
                () -> labeler.teach(List.of(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB)),
                    List.of("what colour is the circle?")));
            assertThrows(IllegalArgumentException.class, () -> labeler.teach(List.of(), List.of()));
        }
    }

    @Test
    void selectionAndVocabularyMustFitTheBackbone() {
        try (DjlBackbone backbone = tinyBackbone()) {
            PseudoLabelRules rules = PseudoLabelRules.defaults();
            assertThrows(IllegalArgumentException.class, () -> new PseudoLabeler(backbone, VOCABULARY,
                new GroundingSelection(3, new int[] {0}, GroundingSelection.NO_SINK_LAYER), rules));
            assertThrows(IllegalArgumentException.class, () -> new PseudoLabeler(backbone, VOCABULARY,
                new GroundingSelection(1, new int[] {2}, GroundingSelection.NO_SINK_LAYER), rules));
            assertThrows(IllegalArgumentException.class, () -> new PseudoLabeler(backbone, VOCABULARY,
                new GroundingSelection(1, new int[] {0}, 5), rules));
            BackboneManifest unscanned = DefaultBackbone.manifest().withGrounding(null);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> PseudoLabeler.of(backbone, unscanned))
                .getMessage().contains("no grounding"));
        }
    }

    @Test
    void labelsAreDeterministicAndDoNotDependOnBatching() {
        try (DjlBackbone backbone = tinyBackbone()) {
            PseudoLabeler labeler = tinyLabeler(backbone);
            Samples samples = samples(ProbeRun.TEST_SEED_BASE + 20_000, 3, 2);
            // questions of different lengths in one batch: left padding must not change anything
            List<String> questions = new ArrayList<>(samples.questions());
            questions.set(0, "how many circles are there?");
            questions.set(1, "what is the last digit on the big red circle?");
            List<PseudoLabeler.Teaching> batch = labeler.teach(samples.images(), questions);
            assertEquals(questions.size(), batch.size());
            assertEquals(batch, labeler.teach(samples.images(), questions), "same input, same teaching");
            for (int i = 0; i < batch.size(); i++) {
                PseudoLabeler.Teaching alone = labeler.teach(List.of(samples.images().get(i)),
                    List.of(questions.get(i))).get(0);
                assertEquals(alone.answer(), batch.get(i).answer(), "answer " + i);
                assertMapsClose(alone.maps(), batch.get(i).maps(), "sample " + i);
                assertEquals(alone.label(), batch.get(i).label(), "label " + i);
                assertEquals(4, batch.get(i).maps().height());
                assertEquals(batch.get(i).label(), labeler.rules().label(batch.get(i).maps()));
            }
        }
    }

    @Test
    void shippedBackboneGroundsFineQuestionsOnTheirObject() {
        BackboneManifest manifest = DefaultBackbone.manifest();
        try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
            PseudoLabeler labeler = PseudoLabeler.of(backbone, manifest);
            assertEquals(manifest.grounding().layer(), labeler.selection().layer());
            int grid = labeler.gridSize();
            int size = backbone.config().imageSize();
            Samples samples = samples(ProbeRun.TEST_SEED_BASE + 30_000, 12, 3);
            List<PseudoLabeler.Teaching> taught = labeler.teach(samples.images(), samples.questions());
            assertEquals(taught, labeler.teach(samples.images(), samples.questions()), "deterministic");
            for (int i = 0; i < 4; i++) {
                PseudoLabeler.Teaching alone = labeler.teach(List.of(samples.images().get(i)),
                    List.of(samples.questions().get(i))).get(0);
                assertEquals(alone.answer(), taught.get(i).answer(), "answer " + i);
                assertMapsClose(alone.maps(), taught.get(i).maps(), "sample " + i);
                assertEquals(alone.label(), taught.get(i).label(), "label " + i);
            }
            int fine = 0;
            int fineKept = 0;
            int hits = 0;
            for (int i = 0; i < taught.size(); i++) {
                PseudoLabeler.Teaching t = taught.get(i);
                GridBox box = t.label().box();
                assertTrue(box.fitsIn(grid, grid), box.toString());
                assertEquals(grid * grid, t.maps().cells());
                VqaSample q = samples.asked().get(i);
                if (q.kind() != QuestionKind.FINE || q.objectId() < 0) {
                    continue;
                }
                fine++;
                if (!t.kept()) {
                    continue;
                }
                fineKept++;
                assertTrue(box.area() < 0.5 * grid * grid, "a kept box covers under half the grid: " + box);
                Scene scene = samples.scenes().get(i);
                Box object = ViewTransform.letterbox(scene.width(), scene.height(), size).toView(q.box());
                double cell = (double) size / grid;
                if (box.contains((int) (object.centreY() / cell), (int) (object.centreX() / cell))) {
                    hits++;
                }
            }
            assertTrue(fine >= 10, "enough fine questions: " + fine);
            assertTrue(fineKept >= 0.7 * fine, fineKept + " of " + fine + " fine labels kept");
            assertTrue(hits > fineKept / 2, hits + " of " + fineKept + " kept boxes contain the object's centre");
            assertFalse(taught.stream().allMatch(t -> t.label().box().equals(taught.get(0).label().box())),
                "boxes follow the question, not one fixed place");
        }
    }

    private static void assertMapsClose(AttentionMaps expected, AttentionMaps actual, String what) {
        assertEquals(expected.height(), actual.height(), what);
        float[] eg = expected.grounding();
        float[] ag = actual.grounding();
        float[] es = expected.sink();
        float[] as = actual.sink();
        for (int i = 0; i < eg.length; i++) {
            assertEquals(eg[i], ag[i], 1e-6, what + ", grounding cell " + i);
            assertEquals(es[i], as[i], 1e-6, what + ", sink cell " + i);
        }
    }
}
