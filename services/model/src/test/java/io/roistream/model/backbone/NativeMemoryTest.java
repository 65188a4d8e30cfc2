package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Native memory must stay flat over thousands of forward calls: every call frees its arrays. */
class NativeMemoryTest {

  private static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }

  /** Resident memory outside the Java heap (what native arrays occupy), after a GC. */
  private static long nativeKiB() throws IOException {
    System.gc();
    return residentKiB() - Runtime.getRuntime().totalMemory() / 1024;
  }

  private static void forward(DjlBackbone backbone, List<float[]> views, List<int[]> questions) {
    try (ImageTokens global = backbone.encodeGlobal(views);
        ImageTokens crops = backbone.encodeCrops(views);
        PrefixCache prefix = backbone.prefill(global)) {
      backbone.generate(prefix, null, questions, 2);
      backbone.generate(prefix, crops, questions, 2);
      try (PartialPass pass = backbone.runUntil(prefix, null, questions, 2);
          NDManager scratch = NDManager.newBaseManager()) {
        pass.promptHidden(scratch);
        backbone.finish(pass, 1);
      }
    }
  }

  @Test
  void arrayCountAndNativeMemoryStayFlatOverThousandsOfForwardCalls() throws IOException {
    Engines.configure(1, 3);
    try (DjlBackbone backbone = DjlBackbone.create(DjlBackboneTest.TINY, DjlBackboneTest.SPECIAL,
        3, Device.cpu())) {
      List<float[]> views = DjlBackboneTest.views(2, 9);
      List<int[]> questions = DjlBackboneTest.questions();
      NDManager manager = backbone.net().weights().manager().getParentManager();
      for (int i = 0; i < 100; i++) {
        forward(backbone, views, questions);
      }
      int arrays = manager.getManagedArrays().size();
      // five windows of 200 iterations, each iteration dozens of forward calls (the encoder twice,
      // every decoder layer per pass); the allocator's footprint wobbles, so compare the lowest
      // reading of the first two windows with the lowest of the last two: a leak of 64 KB an
      // iteration would show as more than 24 MB
      long[] readings = new long[5];
      for (int w = 0; w < readings.length; w++) {
        for (int i = 0; i < 200; i++) {
          forward(backbone, views, questions);
        }
        readings[w] = nativeKiB();
        assertEquals(arrays, manager.getManagedArrays().size(), "arrays left behind");
      }
      long grown = Math.min(readings[3], readings[4]) - Math.min(readings[0], readings[1]);
      assertTrue(grown < 24 * 1024, "native memory grew by " + grown + " KiB: "
          + java.util.Arrays.toString(readings));
    }
  }
}
