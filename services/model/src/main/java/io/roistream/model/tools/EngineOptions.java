package io.roistream.model.tools;

import ai.djl.Device;
import io.roistream.model.backbone.Engines;
import picocli.CommandLine.Option;

/** Where and how the PyTorch engine runs: the options every model command shares. */
final class EngineOptions {

  @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads.")
  int threads;

  @Option(names = "--device", defaultValue = "cpu", description = "DJL device name (cpu, gpu0).")
  String device;

  /** Sets the engine's threads and random seed; returns the device to run on. */
  Device configure(long seed) {
    Engines.configure(threads, seed);
    return Engines.device(device);
  }
}
