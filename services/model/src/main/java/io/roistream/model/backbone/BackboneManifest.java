package io.roistream.model.backbone;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a shipped set of backbone weights is: its shape, special tokens, seed, data recipe,
 * training cost, the sha256 of the weights file, the command that reproduces it, and the
 * grounding layer/heads and sink layer chosen by {@code scan}.
 *
 * @param name model name
 * @param config network shape
 * @param specialTokens special token ids
 * @param vocabulary description of the vocabulary the ids belong to
 * @param weightsFile weights file name, next to the manifest
 * @param sha256 hex sha256 of the weights file
 * @param parameters number of scalar parameters
 * @param seed training seed
 * @param data data recipe (scene generator, question mix, crops, curriculum)
 * @param training steps and wall seconds per stage, total minutes, machine
 * @param command the exact commands that reproduce the weights and the scan
 * @param grounding grounding layer, heads, sink layer/threshold and the scan table; null before
 *     a scan
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackboneManifest(
    String name,
    BackboneConfig config,
    SpecialTokens specialTokens,
    String vocabulary,
    String weightsFile,
    String sha256,
    long parameters,
    long seed,
    Map<String, Object> data,
    Map<String, Object> training,
    List<String> command,
    Grounding grounding) {

  /** Manifest file name. */
  public static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The attention heads that localise the referenced object, as chosen by {@code scan}.
   *
   * @param layer grounding layer
   * @param heads grounding heads of that layer
   * @param sinkLayer layer whose head-mean attention marks sinks, -1 for none
   * @param sinkThreshold a cell is a sink where the sink layer's attention is at least this
   * @param foregroundShare foreground cells have attention above this share of the maximum
   * @param calibration what the scan ran on
   * @param hitRate share of calibration samples whose box contains the object centre
   * @param meanIou mean IoU of the box with the object's box on the calibration samples
   * @param droppedShare share of boxes covering half the grid or more
   * @param table per layer and head: hit rate, mean IoU, dropped share
   * @param sinkTable per sink candidate: hit rate, mean IoU, masked share of cells
   */
  public record Grounding(int layer, List<Integer> heads, int sinkLayer, double sinkThreshold,
      double foregroundShare, String calibration, double hitRate, double meanIou,
      double droppedShare, List<Map<String, Object>> table, List<Map<String, Object>> sinkTable) {}

  /**
   * The backbone version labels and checkpoints name: {@code sha256:} and the first 16 hex digits
   * of the weights' sha256.
   */
  public String version() {
    return "sha256:" + sha256.substring(0, Math.min(16, sha256.length()));
  }

  /** This manifest with {@code sha256} set (e.g. for other weights under the same name). */
  public BackboneManifest withSha256(String otherSha256) {
    return new BackboneManifest(name, config, specialTokens, vocabulary, weightsFile, otherSha256,
        parameters, seed, data, training, command, grounding);
  }

  /** This manifest with {@code grounding} set. */
  public BackboneManifest withGrounding(Grounding g) {
    return new BackboneManifest(name, config, specialTokens, vocabulary, weightsFile, sha256,
        parameters, seed, data, training, command, g);
  }

  /** Reads a manifest. */
  public static BackboneManifest read(InputStream in) throws IOException {
    return JSON.readValue(in, BackboneManifest.class);
  }

  /** Reads a manifest file. */
  public static BackboneManifest read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** Writes this manifest. */
  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  /** Hex sha256 of a stream's bytes. */
  public static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Hex sha256 of a file. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }
}
