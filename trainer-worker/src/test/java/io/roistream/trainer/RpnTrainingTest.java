package io.roistream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.labels.AttentionMaps;
import io.roistream.model.labels.StoredMaps;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.model.rpn.RpnTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The label set to checkpoint path on the shipped backbone and a few generated scenes. */
class RpnTrainingTest {

    private static DjlBackbone backbone;
    private static BackboneManifest manifest;
    private static List<LabelledSample> samples;

    @BeforeAll
    static void labelScenes() throws Exception {
        Engines.configure(1, 7);
        backbone = DefaultBackbone.load(Device.cpu());
        manifest = DefaultBackbone.manifest();
        samples = new ArrayList<>();
        for (TrainingScenes.Stored stored : TrainingScenes.make(backbone, manifest, 6, 3)) {
            samples.add(stored.decoded());
        }
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    static TrainerSettings quick() {
        return TrainerSettings.defaults().withTraining(new RpnTrainer.Options(1, 8, 1e-3f, 0.05, 3));
    }

    @Test
    void trainsACheckpointThatLoadsForTheBackbone() throws Exception {
        TrainingOutcome outcome = new RpnTraining(backbone, manifest, quick()).train(samples, Optional.empty(), 1234L);
        TrainingOutcome.Trained trained = assertInstanceOf(TrainingOutcome.Trained.class, outcome);
        assertEquals(samples.size(), trained.labelCount());
        assertEquals(RpnCheckpoint.sha256(trained.checkpoint()), trained.sha256());
        double usable = trained.metrics().get("usable_labels");
        assertTrue(usable >= 2, "usable labels: " + trained.metrics());
        assertEquals(usable, trained.metrics().get("fit_examples") + trained.metrics().get("validation_examples"));
        assertTrue(trained.metrics().get("validation_examples") >= 1);
        assertTrue(Double.isFinite(trained.metrics().get("train_loss")));
        assertEquals("1", trained.hyperParameters().get("epochs"));
        assertEquals("twig", trained.hyperParameters().get("init"));
        RpnCheckpoint.Description description = RpnCheckpoint.decode(trained.checkpoint()).description();
        assertEquals(manifest.name(), description.backboneId());
        assertEquals(trained.metrics(), description.metrics());
        try (Rpn rpn = RpnCheckpoint.load(trained.checkpoint(), trained.sha256(), backbone, manifest)) {
            assertEquals(manifest.grounding().layer(), rpn.config().branchLayer() + rpn.config().twigLayers() - 1);
        }
    }

    @Test
    void samplesArriveOnceAndTheirFeaturesAreComputedBatchByBatch() throws Exception {
        TrainerSettings everyFour = new TrainerSettings(quick().training(), 4, 64, 0.1, 1,
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), 1 << 20, 1 << 20, 1 << 20, 1 << 20);
        java.util.concurrent.atomic.AtomicInteger iterations = new java.util.concurrent.atomic.AtomicInteger();
        Iterable<LabelledSample> once = () -> {
            assertEquals(1, iterations.incrementAndGet(), "the samples are iterated once");
            return samples.iterator();
        };
        TrainingOutcome.Trained streamed = assertInstanceOf(TrainingOutcome.Trained.class,
                new RpnTraining(backbone, manifest, everyFour).train(once, Optional.empty(), 1L));
        TrainingOutcome.Trained whole = assertInstanceOf(TrainingOutcome.Trained.class,
                new RpnTraining(backbone, manifest, quick()).train(samples, Optional.empty(), 1L));
        assertEquals(samples.size(), streamed.labelCount());
        assertEquals(whole.metrics().get("usable_labels"), streamed.metrics().get("usable_labels"));
        // the same examples, whether their features came in batches of 4 or of 16
        assertEquals(whole.metrics().get("train_loss"), streamed.metrics().get("train_loss"), 1e-4);
        assertEquals(whole.metrics().get("validation_loss"), streamed.metrics().get("validation_loss"), 1e-4);
    }

    @Test
    void continuesFromABaseCheckpoint() throws Exception {
        RpnTraining training = new RpnTraining(backbone, manifest, quick());
        TrainingOutcome.Trained first = assertInstanceOf(TrainingOutcome.Trained.class,
                training.train(samples, Optional.empty(), 1L));
        TrainingOutcome.Trained second = assertInstanceOf(TrainingOutcome.Trained.class, training.train(samples,
                Optional.of(new RpnTraining.BaseCheckpoint("v1", first.checkpoint(), first.sha256())), 2L));
        assertEquals("checkpoint v1", second.hyperParameters().get("init"));
        assertTrue(!first.sha256().equals(second.sha256()), "continued training changes the weights");
        String wrongSha = "0".repeat(64);
        assertThrows(java.io.IOException.class, () -> training.train(samples,
                Optional.of(new RpnTraining.BaseCheckpoint("v1", first.checkpoint(), wrongSha)), 3L));
    }

    @Test
    void aBaseCheckpointOfOtherBackboneWeightsIsSetAsideForTheTwigInitialisation() throws Exception {
        BackboneManifest replaced = manifest.withSha256("1".repeat(64));
        TrainingOutcome.Trained old = assertInstanceOf(TrainingOutcome.Trained.class,
                new RpnTraining(backbone, replaced, quick()).train(samples, Optional.empty(), 1L));
        TrainingOutcome.Trained fromTwig = assertInstanceOf(TrainingOutcome.Trained.class,
                new RpnTraining(backbone, manifest, quick()).train(samples, Optional.empty(), 2L));
        TrainingOutcome.Trained afterReplacement = assertInstanceOf(TrainingOutcome.Trained.class,
                new RpnTraining(backbone, manifest, quick()).train(samples,
                        Optional.of(new RpnTraining.BaseCheckpoint("v-old", old.checkpoint(), old.sha256())), 2L));
        assertTrue(afterReplacement.hyperParameters().get("init").startsWith("twig (base checkpoint v-old was trained on"),
                afterReplacement.hyperParameters().get("init"));
        assertEquals(fromTwig.metrics().get("validation_loss"), afterReplacement.metrics().get("validation_loss"),
                1e-6, "trained as from the twig initialisation");
        try (Rpn rpn = RpnCheckpoint.load(afterReplacement.checkpoint(), afterReplacement.sha256(), backbone,
                manifest)) {
            assertTrue(rpn.parameterCount() > 0, "the new checkpoint is for the current weights");
        }
    }

    @Test
    void mapsOfAnotherBackboneAreRejected() {
        List<LabelledSample> mixed = new ArrayList<>(samples);
        LabelledSample first = samples.get(0);
        mixed.add(new LabelledSample("foreign", first.image(), first.question(),
                new StoredMaps("other-backbone", first.maps().maps())));
        TrainingRejectedException e = assertThrows(TrainingRejectedException.class,
                () -> new RpnTraining(backbone, manifest, quick()).train(mixed, Optional.empty(), 1L));
        assertTrue(e.getMessage().contains("other-backbone"), e.getMessage());
    }

    @Test
    void aLabelSetWithoutUsableLabelsIsRejected() {
        int cells = first().maps().maps().cells();
        int side = first().maps().maps().height();
        LabelledSample blank = new LabelledSample("blank", first().image(), first().question(),
                new StoredMaps(manifest.name(), new AttentionMaps(side, side, new float[cells], new float[cells])));
        LabelledSample noQuestion = new LabelledSample("unknown-words", first().image(), "xyzzy plugh", first().maps());
        TrainingRejectedException e = assertThrows(TrainingRejectedException.class,
                () -> new RpnTraining(backbone, manifest, quick()).train(List.of(blank, noQuestion), Optional.empty(), 1L));
        assertTrue(e.getMessage().contains("no usable label"), e.getMessage());
    }

    @Test
    void tooFewUsableLabelsEndAsADataFailure() throws Exception {
        TrainerSettings strict = new TrainerSettings(quick().training(), 16, 64, 0.1, samples.size() + 1,
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), 1 << 20, 1 << 20, 1 << 20, 1 << 20);
        TrainingOutcome.DataFailure failure = assertInstanceOf(TrainingOutcome.DataFailure.class,
                new RpnTraining(backbone, manifest, strict).train(samples, Optional.empty(), 1L));
        assertTrue(failure.reason().contains("fewer than"), failure.reason());
        assertEquals(failure.reason(), failure.hyperParameters().get("failure"));
        assertEquals(samples.size(), failure.labelCount());
    }

    private static LabelledSample first() {
        return samples.get(0);
    }
}
