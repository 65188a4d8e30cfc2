package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The weights file: a vocabulary that grew at its end loads partially, nothing else does. */
class WeightsTest {

  @Test
  void aGrownFirstDimensionTakesTheFileRowsOnlyWhenPartial() throws IOException {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        Weights old = new Weights(m);
        Weights grown = new Weights(m)) {
      old.put("tok", m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2)));
      grown.put("tok", m.create(new float[] {9, 9, 9, 9, 7, 7},
          new ai.djl.ndarray.types.Shape(3, 2)));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      old.write(bytes);
      assertThrows(IOException.class,
          () -> grown.read(new ByteArrayInputStream(bytes.toByteArray()), false));
      grown.read(new ByteArrayInputStream(bytes.toByteArray()), true);
      assertArrayEquals(new float[] {1, 2, 3, 4, 7, 7}, grown.get("tok").toFloatArray());
      assertThrows(IOException.class,
          () -> old.read(new ByteArrayInputStream(toBytes(grown)), true),
          "a shrunk parameter is a mismatch");
    }
  }

  private static byte[] toBytes(Weights w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(out);
    return out.toByteArray();
  }
}
