package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlBackboneTest {

  static final int VOCAB = 24;
  static final SpecialTokens SPECIAL = new SpecialTokens(0, 1, 2, 3);
  static final BackboneConfig TINY = BackboneConfig.tiny(VOCAB);

  static DjlBackbone backbone;

  @BeforeAll
  static void create() {
    Engines.configure(1, 5);
    backbone = DjlBackbone.create(TINY, SPECIAL, 5, Device.cpu());
  }

  @AfterAll
  static void close() {
    backbone.close();
  }

  static List<float[]> views(int n, long seed) {
    Random random = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[3 * TINY.imageSize() * TINY.imageSize()];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) random.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }

  static List<int[]> questions() {
    return List.of(new int[] {5, 6, 7, 8}, new int[] {9, 10});
  }

  @Test
  void cachedPrefixGivesTheSameHiddenStatesAsAFullRecompute() {
    BackboneNet net = backbone.net();
    try (ImageTokens global = backbone.encodeGlobal(views(2, 1));
        ImageTokens crops = backbone.encodeCrops(views(2, 2));
        PrefixCache prefix = backbone.prefill(global);
        PartialPass pass = backbone.runUntil(prefix, crops, questions(),
            TINY.decoderLayers());
        NDManager m = NDManager.newBaseManager()) {
      // full recompute: one run over the whole prompt, no cache
      List<int[]> texts = List.of(new int[] {5, 6, 7, 8, 3}, new int[] {9, 10, 3});
      TextRows text = TextRows.leftPadded(texts, 5, SPECIAL.pad());
      NDArray x = NDArrays.concat(new NDList(net.tokenEmbedding(m, SPECIAL.bos(), 2),
          global.tokens(), crops.tokens(), net.textEmbeddings(m, text.tokens(),
              text.positions())), 1);
      TokenLayout layout = TokenLayout.prefix(2, TINY.imageTokens())
          .append(TokenLayout.suffix(TINY.cropTokens(), new boolean[] {true, true}, text));
      BackboneNet.DecoderRun full = net.runDecoder(m, x, layout, null, 0, TINY.decoderLayers(),
          false);
      int suffix = TINY.cropTokens() + 5;
      NDArray fullSuffix = full.hidden().get(new NDIndex(":, -" + suffix + ":, :"));
      NDArray cached = pass.suffixHidden();
      assertEquals(fullSuffix.getShape(), cached.getShape());
      // padding rows differ only in what padding sees; compare the real positions
      float[] a = fullSuffix.toFloatArray();
      float[] b = cached.toFloatArray();
      int d = TINY.dModel();
      for (int row = 0; row < 2; row++) {
        for (int t = 0; t < suffix; t++) {
          if (layout.kind(row, TINY.prefixLength() + t) == TokenLayout.PAD) {
            continue;
          }
          for (int i = 0; i < d; i++) {
            int at = (row * suffix + t) * d + i;
            assertEquals(a[at], b[at], 1e-4, "row " + row + " position " + t);
          }
        }
      }
      NDArray prefixHidden = full.hidden().get(new NDIndex(":, :" + TINY.prefixLength() + ", :"));
      assertArrayEquals(prefixHidden.toFloatArray(),
          prefix.hiddenAfter(TINY.decoderLayers() - 1).toFloatArray(), 1e-4f);
    }
  }

  @Test
  void decodingWithTheCacheMatchesAFullRecomputeOfTheLongerSequence() {
    BackboneNet net = backbone.net();
    try (ImageTokens global = backbone.encodeGlobal(views(2, 3));
        PrefixCache prefix = backbone.prefill(global);
        NDManager m = NDManager.newBaseManager()) {
      List<int[]> texts = List.of(new int[] {5, 6, 3}, new int[] {7, 8, 3});
      TextRows text = TextRows.leftPadded(texts, 3, SPECIAL.pad());
      TokenLayout layout = prefix.cache().layout()
          .append(TokenLayout.suffix(0, new boolean[2], text));
      BackboneNet.DecoderRun prompt = net.runDecoder(m, net.textEmbeddings(m, text.tokens(),
          text.positions()), layout, prefix.cache(), 0, TINY.decoderLayers(), false);
      KvCache cache = new KvCache(prompt.keys(), prompt.values(), layout);
      int[][] next = {{11}, {12}};
      int[][] nextPos = {{3}, {3}};
      TokenLayout longer = layout.appendOne(TokenLayout.TEXT, 1);
      NDArray step = net.runDecoder(m, net.textEmbeddings(m, next, nextPos), longer, cache, 0,
          TINY.decoderLayers(), false).hidden();
      TextRows all = TextRows.leftPadded(List.of(new int[] {5, 6, 3, 11},
          new int[] {7, 8, 3, 12}), 4, SPECIAL.pad());
      NDArray x = NDArrays.concat(new NDList(net.tokenEmbedding(m, SPECIAL.bos(), 2),
          global.tokens(), net.textEmbeddings(m, all.tokens(), all.positions())), 1);
      NDArray full = net.runDecoder(m, x, longer, null, 0, TINY.decoderLayers(), false).hidden()
          .get(new NDIndex(":, -1:, :"));
      assertArrayEquals(full.toFloatArray(), step.toFloatArray(), 1e-4f);
      assertArrayEquals(net.logits(full).toFloatArray(), net.logits(step).toFloatArray(), 1e-4f);
    }
  }

  @Test
  void partialPassThenFinishEqualsAFullGeneration() {
    try (ImageTokens global = backbone.encodeGlobal(views(2, 4));
        ImageTokens crops = backbone.encodeCrops(views(2, 5));
        PrefixCache prefix = backbone.prefill(global)) {
      Generation full = backbone.generate(prefix, crops, questions(), 3);
      Generation split;
      try (PartialPass pass = backbone.runUntil(prefix, crops, questions(), 2)) {
        split = backbone.finish(pass, 3);
      }
      for (int b = 0; b < 2; b++) {
        assertArrayEquals(full.tokens()[b], split.tokens()[b]);
        assertEquals(full.attention()[b].length, split.attention()[b].length);
        for (int s = 0; s < full.attention()[b].length; s++) {
          for (int l = 0; l < TINY.decoderLayers(); l++) {
            for (int h = 0; h < TINY.heads(); h++) {
              assertArrayEquals(full.attention()[b][s][l][h], split.attention()[b][s][l][h],
                  1e-5f);
            }
          }
        }
      }
    }
  }

  @Test
  void attentionCaptureHasOneRowPerLayerHeadQueryAndImageToken() {
    try (ImageTokens global = backbone.encodeGlobal(views(2, 6));
        PrefixCache prefix = backbone.prefill(global)) {
      float[][][][][] att = backbone.attention(prefix, null, questions(), new int[] {-1, -2});
      assertEquals(2, att.length);
      for (float[][][][] sample : att) {
        assertEquals(TINY.decoderLayers(), sample.length);
        for (int l = 0; l < sample.length; l++) {
          assertEquals(TINY.heads(), sample[l].length);
          for (float[][] head : sample[l]) {
            assertEquals(2, head.length);
            for (float[] row : head) {
              assertEquals(TINY.imageTokens(), row.length);
              double sum = 0;
              for (float v : row) {
                assertTrue(v >= 0f);
                sum += v;
              }
              // text-only first layer: the question sees no image token
              if (l < TINY.questionOnlyLayers()) {
                assertEquals(0.0, sum, 1e-6);
              } else {
                assertTrue(sum <= 1.0 + 1e-5 && sum > 0);
              }
            }
          }
        }
      }
      Generation g = backbone.generate(prefix, null, questions(), 2);
      assertEquals(2, g.attention().length);
      assertTrue(g.attention()[0].length >= 1 && g.attention()[0].length <= 2);
      assertEquals(TINY.decoderLayers(), g.attention()[0][0].length);
      assertEquals(TINY.heads(), g.attention()[0][0][0].length);
      assertEquals(TINY.imageTokens(), g.attention()[0][0][0][0].length);
      // step 0's attention is the assistant tag's row, as attention() reports it
      for (int l = 0; l < TINY.decoderLayers(); l++) {
        for (int h = 0; h < TINY.heads(); h++) {
          assertArrayEquals(att[1][l][h][0], g.attention()[1][0][l][h], 1e-5f);
        }
      }
    }
  }

  @Test
  void greedyGenerationIsDeterministicAcrossCallsAndInstances() {
    try (DjlBackbone twin = DjlBackbone.create(TINY, SPECIAL, 5, Device.cpu());
        ImageTokens g1 = backbone.encodeGlobal(views(2, 7));
        ImageTokens g2 = twin.encodeGlobal(views(2, 7));
        PrefixCache p1 = backbone.prefill(g1);
        PrefixCache p2 = twin.prefill(g2)) {
      Generation a = backbone.generate(p1, null, questions(), 4);
      Generation b = backbone.generate(p1, null, questions(), 4);
      Generation c = twin.generate(p2, null, questions(), 4);
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(a.tokens()[i], b.tokens()[i]);
        assertArrayEquals(a.tokens()[i], c.tokens()[i]);
        assertEquals(a.attention()[i].length, c.attention()[i].length);
        for (int s = 0; s < a.attention()[i].length; s++) {
          for (int l = 0; l < TINY.decoderLayers(); l++) {
            for (int h = 0; h < TINY.heads(); h++) {
              assertArrayEquals(a.attention()[i][s][l][h], c.attention()[i][s][l][h]);
            }
          }
        }
      }
    }
  }

  @Test
  void weightsSurviveASaveAndLoadRoundTrip(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tiny.rsw");
    backbone.net().weights().save(file);
    try (InputStream in = Files.newInputStream(file);
        DjlBackbone loaded = DjlBackbone.load(TINY, SPECIAL, in, Device.cpu())) {
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      loaded.net().weights().write(again);
      assertEquals(BackboneManifest.sha256(file),
          BackboneManifest.sha256(new ByteArrayInputStream(again.toByteArray())));
      try (ImageTokens g1 = backbone.encodeGlobal(views(2, 8));
          ImageTokens g2 = loaded.encodeGlobal(views(2, 8));
          PrefixCache p1 = backbone.prefill(g1);
          PrefixCache p2 = loaded.prefill(g2)) {
        assertArrayEquals(g1.tokens().toFloatArray(), g2.tokens().toFloatArray());
        Generation a = backbone.generate(p1, null, questions(), 3);
        Generation b = loaded.generate(p2, null, questions(), 3);
        for (int i = 0; i < 2; i++) {
          assertArrayEquals(a.tokens()[i], b.tokens()[i]);
        }
      }
    }
    try (DjlBackbone other = DjlBackbone.create(TINY, SPECIAL, 6, Device.cpu())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      other.net().weights().write(bytes);
      assertTrue(!BackboneManifest.sha256(file)
          .equals(BackboneManifest.sha256(new ByteArrayInputStream(bytes.toByteArray()))));
    }
  }
}
