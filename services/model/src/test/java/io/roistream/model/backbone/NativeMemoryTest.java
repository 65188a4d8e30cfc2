package io.roistream.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

  private static long lowest(long[] readings, int from, int to) {
    return Arrays.stream(readings, from, to).min().orElseThrow();
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
      for (int i = 0; i < 200; i++) {
        forward(backbone, views, questions);
      }
      int arrays = manager.getManagedArrays().size();
      // twelve windows of 100 iterations, each iteration dozens of forward calls (the encoder
      // twice, every decoder layer per pass). The allocator's footprint swings by a hundred MB
      // between readings (freed arena memory kept or returned), but its floor stays flat once
      // warm: compare the lowest reading of the first four windows with the lowest of the last
      // four, at least 500 iterations later, where a leak of 64 KB an iteration shows as 32 MB
      long[] readings = new long[12];
      for (int w = 0; w < readings.length; w++) {
        for (int i = 0; i < 100; i++) {
          forward(backbone, views, questions);
        }
        readings[w] = nativeKiB();
        assertEquals(arrays, manager.getManagedArrays().size(), "arrays left behind");
      }
      long grown = lowest(readings, 8, 12) - lowest(readings, 0, 4);
      assertTrue(grown < 32 * 1024, "native memory floor grew by " + grown + " KiB: "
          + Arrays.toString(readings));
    }
  }
}
