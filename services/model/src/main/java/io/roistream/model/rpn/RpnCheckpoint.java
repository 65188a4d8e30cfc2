package io.roistream.model.rpn;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.BackboneManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A self-describing RPN checkpoint file: magic {@code RPNC}, format version, a JSON description
 * ({@link Description}: K, T, the backbone's id and weights sha256, training metrics and
 * hyper-parameters, the weights' own sha256), then the twig weights. The whole file's sha256
 * ({@link #sha256(byte[])}) travels beside it (in the checkpoint event), so a corrupt or swapped
 * file is refused before it is used.
 */
public final class RpnCheckpoint {

  /** File magic "RPNC". */
  public static final int MAGIC = 0x52504E43;
  /**
   * Format version written by this code: 2 holds of the twig's last layer only the parameters it
   * uses (input norm, query/key projections); 1 (still read) held that layer whole.
   */
  public static final int VERSION = 2;
  /** The oldest format version read. */
  public static final int OLDEST_VERSION = 1;
  private static final int MAX_DESCRIPTION_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a checkpoint says about itself.
   *
   * @param branchLayer K
   * @param twigLayers T
   * @param backboneId the backbone it was trained on
   * @param backboneSha256 that backbone's weights sha256
   * @param parameters trained parameters
   * @param metrics training and validation figures
   * @param hyperParameters training settings
   * @param createdAtMillis when it was written
   * @param weightsSha256 sha256 of the weights section
   */
  public record Description(int branchLayer, int twigLayers, String backboneId,
      String backboneSha256, long parameters, Map<String, Double> metrics,
      Map<String, String> hyperParameters, long createdAtMillis, String weightsSha256) {

    /** K and T. */
    public RpnConfig config() {
      return new RpnConfig(branchLayer, twigLayers);
    }
  }

  /** A decoded checkpoint: its format version, description and weights bytes (sha256 verified). */
  public record Decoded(int version, Description description, byte[] weights) {}

  private RpnCheckpoint() {}

  /** The file for {@code rpn} trained on {@code backbone}. */
  public static byte[] encode(Rpn rpn, BackboneManifest backbone, Map<String, Double> metrics,
      Map<String, String> hyperParameters, long createdAtMillis) throws IOException {
    ByteArrayOutputStream weights = new ByteArrayOutputStream();
    rpn.write(weights);
    byte[] w = weights.toByteArray();
    Description description = new Description(rpn.config().branchLayer(),
        rpn.config().twigLayers(), backbone.name(), backbone.sha256(), rpn.parameterCount(),
        Map.copyOf(metrics), Map.copyOf(hyperParameters), createdAtMillis, sha256(w));
    byte[] json = JSON.writeValueAsBytes(description);
    ByteArrayOutputStream out = new ByteArrayOutputStream(w.length + json.length + 16);
    try (DataOutputStream data = new DataOutputStream(out)) {
      data.writeInt(MAGIC);
      data.writeInt(VERSION);
      data.writeInt(json.length);
      data.write(json);
      data.write(w);
    }
    return out.toByteArray();
  }

  /** Reads a file, checking magic, version and the weights' sha256. */
  public static Decoded decode(byte[] file) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
      if (file.length < 12 || in.readInt() != MAGIC) {
        throw new IOException("not an RPN checkpoint (bad magic)");
      }
      int version = in.readInt();
      if (version < OLDEST_VERSION || version > VERSION) {
        throw new IOException("RPN checkpoint format " + version + " is not supported (this reader"
            + " knows " + OLDEST_VERSION + " to " + VERSION + ")");
      }
      int length = in.readInt();
      if (length <= 0 || length > MAX_DESCRIPTION_BYTES || length > file.length - 12) {
        throw new IOException("RPN checkpoint description length " + length + " is invalid");
      }
      Description description = JSON.readValue(new String(file, 12, length,
          StandardCharsets.UTF_8), Description.class);
      byte[] weights = Arrays.copyOfRange(file, 12 + length, file.length);
      String digest = sha256(weights);
      if (!digest.equals(description.weightsSha256())) {
        throw new IOException("RPN checkpoint weights sha256 " + digest
            + " does not match its description's " + description.weightsSha256());
      }
      return new Decoded(version, description, weights);
    }
  }

  /**
   * Loads the RPN of {@code file} for {@code backbone}, refusing a file whose sha256 is not
   * {@code expectedSha256} or that was trained on other backbone weights.
   */
  public static Rpn load(byte[] file, String expectedSha256, Backbone backbone,
      BackboneManifest manifest) throws IOException {
    String digest = sha256(file);
    if (!digest.equals(expectedSha256)) {
      throw new IOException("RPN checkpoint sha256 " + digest + " does not match the expected "
          + expectedSha256);
    }
    Decoded decoded = decode(file);
    Description d = decoded.description();
    if (!d.backboneId().equals(manifest.name()) || !d.backboneSha256().equals(manifest.sha256())) {
      throw new IOException("RPN checkpoint was trained on backbone " + d.backboneId() + " ("
          + d.backboneSha256() + "), not " + manifest.name() + " (" + manifest.sha256() + ")");
    }
    ByteArrayInputStream weights = new ByteArrayInputStream(decoded.weights());
    return decoded.version() == 1 ? Rpn.readWholeLastLayer(backbone, d.config(), weights)
        : Rpn.read(backbone, d.config(), weights);
  }

  /** Hex sha256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return BackboneManifest.sha256(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }
}
