package io.roistream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.roistream.model.answer.Answer;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.answer.RpnRoiAnswerer;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.data.DatasetGenerator;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.CropSpec;
import io.roistream.model.roi.GridGeometry;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiDecision;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpnLocalisationTest {

  @TempDir
  Path folder;

  @Test
  void roiBoxesComeFromTheSameMapTheAnswersReadAndNoRegionIsAMiss() throws IOException {
    new DatasetGenerator(new SceneGenerator(SceneConfig.defaults()),
        new QuestionGenerator(QuestionGenerator.defaultMix()), 4).write(folder, 91, 3, 1);
    SdRpnEvaluation.Split split = SdRpnEvaluation.Split.read(folder, 0);
    try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
      PseudoLabeler labeler = PseudoLabeler.of(backbone, DefaultBackbone.manifest());
      QuestionEncoder encoder = new QuestionEncoder(new Vocabulary(), labeler.maxQuestionTokens());
      int grid = backbone.config().gridSize();
      try (Rpn rpn = Rpn.twigInit(backbone, RpnConfig.endingAtGroundingLayer(labeler.selection().layer()))) {
        RoiSelector selector = new RoiSelector(RoiConfig.defaults().withThreshold(0.2));
        List<Answer> answers = new RpnRoiAnswerer(backbone, rpn, selector,
            new CropPlanner(CropSpec.of(backbone.config().imageSize(), grid / backbone.config().cropPool())),
            encoder, PseudoLabeler.MAX_ANSWER_TOKENS)
            .answer(IntStream.range(0, split.samples().size()).mapToObj(split::query).toList());
        SdRpnEvaluation.Localisation fromAnswers = new SdRpnEvaluation.Localisation();
        for (int i = 0; i < answers.size(); i++) {
          RoiDecision decision = selector.decide(answers.get(i).heatMap(), grid, grid);
          BufferedImage image = split.image(i);
          GridGeometry geometry = new GridGeometry(
              ViewTransform.letterbox(image.getWidth(), image.getHeight(), backbone.config().imageSize()), grid, grid);
          if (split.samples().get(i).box() != null) {
            fromAnswers.add(decision.hasRoi() ? geometry.toSource(decision.box()) : null, split.samples().get(i).box());
          }
        }

        SdRpnEvaluation.Localisation roi = SdRpnEvaluation.rpnLocalisation(backbone, rpn, selector, encoder, split, 5);
        assertEquals(fromAnswers.samples(), roi.samples());
        assertEquals(fromAnswers.hitRate(), roi.hitRate(), 1e-9);
        assertEquals(fromAnswers.meanIou(), roi.meanIou(), 1e-6);

        SdRpnEvaluation.Localisation none = SdRpnEvaluation.rpnLocalisation(backbone, rpn,
            new RoiSelector(RoiConfig.defaults().withThreshold(0.999999)), encoder, split, 5);
        assertEquals(roi.samples(), none.samples());
        assertEquals(0.0, none.hitRate());
      }
    }
  }
}
