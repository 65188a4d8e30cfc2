package io.roistream.trainer;

import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.VqaSample;
import io.roistream.model.labels.MapsCodec;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.labels.StoredMaps;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A few generated scenes, asked questions and labelled by the shipped backbone, as a labeler would store them. */
final class TrainingScenes {

    /**
     * One labelled question, with its maps as the labeler stores them.
     *
     * @param sampleId its id
     * @param image the scene
     * @param question the question
     * @param maps the encoded maps ({@link MapsCodec})
     */
    record Stored(String sampleId, BufferedImage image, String question, byte[] maps) {

        /** Decoded, as the trainer reads it. */
        LabelledSample decoded() throws Exception {
            return new LabelledSample(sampleId, image, question, MapsCodec.decode(maps));
        }
    }

    private TrainingScenes() {}

    /** {@code scenes} scenes with {@code perScene} questions each, labelled by {@code backbone}. */
    static List<Stored> make(DjlBackbone backbone, BackboneManifest manifest, int scenes, int perScene) {
        SceneGenerator generator = new SceneGenerator(SceneConfig.defaults());
        QuestionGenerator questions = new QuestionGenerator(ProbeRun.mix());
        List<BufferedImage> images = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < scenes; s++) {
            Scene scene = generator.generate(100 + s);
            List<VqaSample> qs = questions.questions(scene, perScene, 100 + s);
            for (int q = 0; q < qs.size(); q++) {
                images.add(scene.image());
                asked.add(qs.get(q).question());
                ids.add(scene.id() + "-q" + q);
            }
        }
        List<PseudoLabeler.Teaching> teachings = PseudoLabeler.of(backbone, manifest).teach(images, asked);
        List<Stored> out = new ArrayList<>();
        for (int i = 0; i < teachings.size(); i++) {
            out.add(new Stored(ids.get(i), images.get(i), asked.get(i),
                    MapsCodec.encode(new StoredMaps(manifest.name(), teachings.get(i).maps()))));
        }
        return out;
    }
}
