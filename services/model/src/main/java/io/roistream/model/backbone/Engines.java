package io.roistream.model.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Engine settings the backbone depends on: PyTorch's thread counts (set explicitly: a shared
 * 2-core machine slows down badly with oversubscribed threads), the engine seed and the device,
 * which is always a configuration value ("cpu", "gpu", "gpu0", ...), never hard-coded.
 */
public final class Engines {

  private Engines() {}

  /**
   * Sets PyTorch's intra-op threads to {@code threads} and inter-op threads to 1, then starts
   * the engine and seeds it. Thread counts only take effect before the engine first starts.
   */
  public static void configure(int threads, long seed) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine.getEngine("PyTorch").setRandomSeed((int) seed);
  }

  /** The device called {@code name} ("cpu", "gpu", "gpu1", ...). */
  public static Device device(String name) {
    return Device.fromName(name);
  }
}
