package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLayoutTest {

  private static TokenLayout prompt() {
    // <bos>, 4 image tokens, then a suffix: 2 crop tokens, 1 pad, 3 text tokens
    TextRows text = TextRows.leftPadded(List.of(new int[] {7, 8, 9}), 4, 0);
    return TokenLayout.prefix(1, 4).append(TokenLayout.suffix(2, new boolean[] {true}, text));
  }

  @Test
  void causalMaskAllowsExactlyTheLowerTriangleOfASingleSegment() {
    TokenLayout layout = TokenLayout.prefix(1, 6);
    for (int q = 0; q < layout.length(); q++) {
      for (int k = 0; k < layout.length(); k++) {
        assertEquals(k <= q, layout.allowed(0, q, k, false), "q=" + q + " k=" + k);
      }
    }
  }

  @Test
  void maskArrayHasZerosWhereAllowedAndLargeNegativesElsewhere() {
    TokenLayout layout = prompt();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray mask = layout.mask(manager, 0, false);
      assertEquals(4, mask.getShape().dimension());
      float[] values = mask.toFloatArray();
      int n = layout.length();
      for (int q = 0; q < n; q++) {
        for (int k = 0; k < n; k++) {
          float v = values[q * n + k];
          assertEquals(layout.allowed(0, q, k, false) ? 0f : -1e9f, v);
        }
      }
      NDArray tail = layout.mask(manager, n - 2, false);
      assertEquals(2, tail.getShape().get(2));
      assertEquals(n, tail.getShape().get(3));
    }
  }

  @Test
  void paddingIsNeverAttendedToButAttendsToItself() {
    TokenLayout layout = prompt();
    int pad = 7; // 1 + 4 + 2
    assertEquals(TokenLayout.PAD, layout.kind(0, pad));
    for (int q = pad + 1; q < layout.length(); q++) {
      assertFalse(layout.allowed(0, q, pad, false));
    }
    assertTrue(layout.allowed(0, pad, pad, false));
  }

  @Test
  void questionOnlyLayersHideImageAndCropFromText() {
    TokenLayout layout = prompt();
    int firstText = 8;
    for (int k = 0; k < firstText; k++) {
      assertFalse(layout.allowed(0, firstText + 1, k, true), "k=" + k);
      assertEquals(k != 7, layout.allowed(0, firstText + 1, k, false), "k=" + k);
    }
    assertTrue(layout.allowed(0, firstText + 1, firstText, true));
    // image tokens still see the begin token and earlier image tokens
    assertTrue(layout.allowed(0, 3, 0, true));
  }

  @Test
  void withoutTextQueriesTheQuestionOnlyMaskIsThePlainOne() {
    TokenLayout layout = prompt();
    int firstText = 8;
    assertTrue(layout.hasTextFrom(0));
    assertTrue(layout.hasTextFrom(layout.length() - 1));
    assertFalse(layout.hasTextFrom(layout.length()));
    assertFalse(TokenLayout.prefix(2, 6).hasTextFrom(0));
    for (int q = 0; q < firstText; q++) {
      for (int k = 0; k < layout.length(); k++) {
        assertEquals(layout.allowed(0, q, k, false), layout.allowed(0, q, k, true), "q=" + q + " k=" + k);
      }
    }
  }

  @Test
  void packedSegmentsSeeThePrefixButNotEachOther() {
    int[][] kinds = {{TokenLayout.BOS, TokenLayout.IMAGE, TokenLayout.TEXT, TokenLayout.TEXT,
        TokenLayout.TEXT, TokenLayout.TEXT}};
    int[][] segments = {{0, 0, 1, 1, 2, 2}};
    TokenLayout layout = new TokenLayout(kinds, segments);
    assertTrue(layout.allowed(0, 4, 1, false));
    assertFalse(layout.allowed(0, 4, 3, false));
    assertFalse(layout.allowed(0, 5, 2, false));
    assertTrue(layout.allowed(0, 5, 4, false));
  }
}
