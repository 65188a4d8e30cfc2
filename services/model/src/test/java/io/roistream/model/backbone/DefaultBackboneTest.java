package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.QuestionTemplate;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped weights load, match their manifest, and read labels ("what is written on the ...")
 * through an oracle crop far better than from the plain prompt.
 */
class DefaultBackboneTest {

  @Test
  void shippedBackboneLoadsAndReadsLabelsOnlyWhenItLooksCloser() {
    Engines.configure(2, 1);
    BackboneManifest manifest = DefaultBackbone.manifest();
    assertNotNull(manifest.grounding(), "scan has written the grounding into the manifest");
    assertTrue(manifest.grounding().layer() < manifest.config().decoderLayers());
    Vocabulary vocabulary = new Vocabulary();
    assertEquals(vocabulary.size(), manifest.config().vocabSize());
    try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
      assertEquals(manifest.parameters(), backbone.net().weights().count());
      List<ProbeRun.Result> results = ProbeRun.run(backbone, vocabulary,
          new SceneGenerator(SceneConfig.defaults()), ProbeRun.TEST_SEED_BASE + 10_000, 16, 4, 32,
          System.out);
      List<ProbeRun.Result> fine = results.stream()
          .filter(r -> r.sample().template().equals(QuestionTemplate.LABEL.key())).toList();
      long zoomed = fine.stream().filter(r -> r.sample().answer().equals(r.cropAnswer())).count();
      long plain = fine.stream().filter(r -> r.sample().answer().equals(r.plainAnswer())).count();
      assertTrue(fine.size() >= 10, "enough label questions: " + fine.size());
      assertTrue(zoomed >= 0.75 * fine.size(), zoomed + " of " + fine.size() + " with the crop");
      assertTrue(plain < zoomed, "plain " + plain + " vs crop " + zoomed);
    }
  }
}
