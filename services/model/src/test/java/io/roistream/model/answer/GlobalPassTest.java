package io.roistream.model.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.backbone.Generation;
import io.roistream.model.backbone.SpecialTokens;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.image.Box;
import io.roistream.model.image.TestImages;
import io.roistream.model.image.ViewTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Crop answers continuing the cached global prefix, on an untrained tiny backbone. */
class GlobalPassTest {

  private static final Vocabulary VOCABULARY = new Vocabulary();
  private static DjlBackbone backbone;

  @BeforeAll
  static void load() {
    Engines.configure(1, 7);
    backbone = DjlBackbone.create(BackboneConfig.tiny(VOCABULARY.size()),
        new SpecialTokens(0, 1, 2, 5), 3, Device.cpu());
  }

  @AfterAll
  static void close() {
    backbone.close();
  }

  @Test
  void cropAnswersOfEveryPromptEqualThoseOfSomeAndLeaveThePrefixUsable() {
    String[] texts = {"what is written on the red circle?", "what colour is the square?",
        "what shape is the blue object?"};
    List<Query> batch = new ArrayList<>();
    List<ViewTransform> crops = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      BufferedImage image = TestImages.rectangles(i);
      batch.add(Query.of(image, texts[i]));
      crops.add(ViewTransform.around(new Box(20 + 30 * i, 40, 90 + 30 * i, 100),
          image.getWidth(), image.getHeight(), backbone.config().imageSize(), 0));
    }
    int[] all = IntStream.range(0, backbone.config().cropTokens()).toArray();
    QuestionEncoder encoder = new QuestionEncoder(VOCABULARY, 12);
    try (GlobalPass pass = GlobalPass.run(backbone, encoder, batch)) {
      Generation every = pass.answerWithCrops(backbone, new int[] {0, 1, 2}, crops,
          List.of(all, all, all), 3).generation();
      Generation some = pass.answerWithCrops(backbone, new int[] {0, 2},
          List.of(crops.get(0), crops.get(2)), List.of(all, all), 3).generation();
      Generation again = pass.answerWithCrops(backbone, new int[] {0, 1, 2}, crops,
          List.of(all, all, all), 3).generation();
      for (int[] pair : new int[][] {{0, 0}, {2, 1}}) {
        assertArrayEquals(every.tokens()[pair[0]], some.tokens()[pair[1]]);
        assertArrayEquals(every.attention()[pair[0]][0][2][1], some.attention()[pair[1]][0][2][1],
            1e-5f);
      }
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(every.tokens()[i], again.tokens()[i], "the prefix still serves");
        assertArrayEquals(every.attention()[i][0][2][1], again.attention()[i][0][2][1], 0f);
      }
    }
  }
}
