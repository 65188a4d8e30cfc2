package io.roistream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.model.answer.Answer;
import io.roistream.model.answer.Answerer;
import io.roistream.model.answer.AttentionCropAnswerer;
import io.roistream.model.answer.PlainAnswerer;
import io.roistream.model.answer.Query;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.answer.RpnRoiAnswerer;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.backbone.evaluation.ProbeRun;
import io.roistream.model.data.DatasetGenerator;
import io.roistream.model.data.QuestionGenerator;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.SceneConfig;
import io.roistream.model.data.SceneGenerator;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.image.Box;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.roi.CropGeometry;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.CropSpec;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnConfig;
import io.roistream.model.rpn.RpnExample;
import io.roistream.model.rpn.RpnTrainer;
import io.roistream.model.rpn.ThresholdSelection;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole method in seconds on the shipped backbone: its own pseudo-labels on a few generated
 * images, an RPN trained on them, the threshold picked on held-back labels, and RPN-RoI answers to
 * other images' questions, beside the plain and the attention-crop answers. The folders' answers and boxes are read only by the assertions.
 */
class SdRpnEndToEndTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void labelsTrainAnRpnWhoseRoiAnswersLookCloser(@TempDir Path folder) throws Exception {
    Engines.configure(1, 7);
    DatasetGenerator data = new DatasetGenerator(new SceneGenerator(SceneConfig.defaults()),
        new QuestionGenerator(ProbeRun.mix()), 4);
    data.write(folder.resolve("train"), 5, 24, 1);
    data.write(folder.resolve("test"), 6, 8, 1);
    try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
      PseudoLabeler labeler = PseudoLabeler.of(backbone, DefaultBackbone.manifest());
      QuestionEncoder encoder = new QuestionEncoder(new Vocabulary(), labeler.maxQuestionTokens());
      SdRpnEvaluation.Split train = SdRpnEvaluation.Split.read(folder.resolve("train"), 0);
      SdRpnEvaluation.Split test = SdRpnEvaluation.Split.read(folder.resolve("test"), 0);

      List<PseudoLabeler.Teaching> teachings = SdRpnEvaluation.teach(labeler, train, 16, QUIET);
      RpnConfig config = RpnConfig.endingAtGroundingLayer(labeler.selection().layer());
      List<RpnExample> examples = SdRpnEvaluation.examples(backbone, config.branchLayer(), train,
          teachings, i -> encoder.encode(train.samples().get(i).question()), 16);
      assertTrue(examples.size() >= train.samples().size() / 2,
          examples.size() + " of " + train.samples().size() + " labels kept");
      List<RpnExample> heldBack = examples.subList(0, 8);
      List<RpnExample> fit = examples.subList(8, examples.size());
      int cells = backbone.config().gridSize() * backbone.config().gridSize();

      try (Rpn rpn = Rpn.twigInit(backbone, config)) {
        RpnTrainer trainer = new RpnTrainer(new RpnTrainer.Options(3, 8, 1e-3f, 0.05, 17));
        RpnTrainer.Validation before = trainer.validate(rpn, heldBack, cells);
        RpnTrainer.Report trained = trainer.train(rpn, fit, heldBack, cells, QUIET);
        assertTrue(trained.validation().loss() < before.loss(),
            "held-back loss " + before.loss() + " -> " + trained.validation().loss());

        RoiConfig roi = RoiConfig.defaults().withThreshold(ThresholdSelection.choose(rpn, heldBack,
            backbone.config().gridSize(), RoiConfig.defaults(), ThresholdSelection.CANDIDATES)
            .threshold());
        Map<String, Answerer> methods = new LinkedHashMap<>();
        methods.put("plain", new PlainAnswerer(backbone, encoder, PseudoLabeler.MAX_ANSWER_TOKENS));
        methods.put("attention_crop", new AttentionCropAnswerer(backbone, labeler.selection(),
            labeler.rules(), new RoiSelector(RoiConfig.defaults().withThreshold(
                labeler.rules().config().foregroundRatio())),
            new CropPlanner(CropSpec.forBackbone(backbone.config()), CropGeometry.DEFAULT), encoder,
            PseudoLabeler.MAX_ANSWER_TOKENS));
        methods.put("rpn_roi", new RpnRoiAnswerer(backbone, rpn, new RoiSelector(roi),
            new CropPlanner(CropSpec.forBackbone(backbone.config()), CropGeometry.DEFAULT), encoder,
            PseudoLabeler.MAX_ANSWER_TOKENS));
        Map<String, SdRpnEvaluation.MethodScore> scores = SdRpnEvaluation.compare(methods, test, 16,
            QUIET);

        SdRpnEvaluation.MethodScore plain = scores.get("plain");
        SdRpnEvaluation.MethodScore rpnRoi = scores.get("rpn_roi");
        assertTrue(rpnRoi.modes.getOrDefault(Answer.Mode.RPN, 0) > test.samples().size() / 2,
            "answers by mode: " + rpnRoi.modes);
        SdRpnEvaluation.MethodScore attention = scores.get("attention_crop");
        assertTrue(attention.accuracy(QuestionKind.FINE) >= plain.accuracy(QuestionKind.FINE) + 30,
            "fine accuracy: plain " + plain.accuracy(QuestionKind.FINE) + ", attention crop "
                + attention.accuracy(QuestionKind.FINE));
        assertTrue(rpnRoi.accuracy(QuestionKind.FINE) >= plain.accuracy(QuestionKind.FINE) + 30,
            "fine accuracy: plain " + plain.accuracy(QuestionKind.FINE) + ", RPN-RoI "
                + rpnRoi.accuracy(QuestionKind.FINE));
        List<Answer> answers = methods.get("rpn_roi").answer(List.of(test.query(0), test.query(1)));
        for (int i = 0; i < answers.size(); i++) {
          for (Box box : answers.get(i).boxes()) {
            Query q = test.query(i);
            assertTrue(box.x0() >= 0 && box.y0() >= 0 && box.x1() <= q.image().getWidth()
                && box.y1() <= q.image().getHeight(), "crop " + box + " inside the image");
          }
        }
        assertEquals(test.samples().size(), rpnRoi.answers);
      }
    }
  }
}
