package io.roistream.model.backbone;

import ai.djl.Device;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the default backbone shipped in this module (resources under
 * {@value #RESOURCE_DIR}: {@code manifest.json} and the weights it names), checking the weights'
 * sha256 against the manifest. Users and the demo call {@link #load(Device)}.
 */
public final class DefaultBackbone {

  /** Classpath folder of the shipped weights and manifest. */
  public static final String RESOURCE_DIR = "/io/roistream/model/default-backbone/";

  /** The name a configuration ({@code model.backbone}) gives the backbone shipped here. */
  public static final String SHIPPED = "default";

  /**
   * A loaded backbone and the manifest that describes it.
   *
   * @param manifest its manifest (config, grounding, sha256)
   * @param backbone the model, sha256-checked against the manifest
   */
  public record Loaded(BackboneManifest manifest, DjlBackbone backbone) {}

  private DefaultBackbone() {}

  /**
   * The backbone a configuration names: {@value #SHIPPED} for the shipped one, else a folder
   * holding a manifest and its weights.
   */
  public static Loaded open(String shippedOrFolder, Device device) throws IOException {
    if (SHIPPED.equals(shippedOrFolder)) {
      return new Loaded(manifest(), load(device));
    }
    Path folder = Path.of(shippedOrFolder);
    return new Loaded(BackboneManifest.read(folder.resolve(BackboneManifest.FILE)), load(folder, device));
  }

  /** The shipped manifest. */
  public static BackboneManifest manifest() {
    try (InputStream in = resource(BackboneManifest.FILE)) {
      return BackboneManifest.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default backbone manifest", e);
    }
  }

  /** The shipped backbone on {@code device} (for example {@code Device.cpu()}). */
  public static DjlBackbone load(Device device) {
    BackboneManifest manifest = manifest();
    try (InputStream in = resource(manifest.weightsFile())) {
      return load(manifest, in.readAllBytes(), device);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default backbone weights", e);
    }
  }

  /** A backbone from a folder holding a manifest and its weights (e.g. a pretrain output). */
  public static DjlBackbone load(Path folder, Device device) throws IOException {
    BackboneManifest manifest = BackboneManifest.read(folder.resolve(BackboneManifest.FILE));
    return load(manifest, Files.readAllBytes(folder.resolve(manifest.weightsFile())), device);
  }

  private static DjlBackbone load(BackboneManifest manifest, byte[] weights, Device device)
      throws IOException {
    String digest = BackboneManifest.sha256(new ByteArrayInputStream(weights));
    if (!digest.equals(manifest.sha256())) {
      throw new IOException("weights sha256 " + digest + " does not match the manifest's "
          + manifest.sha256());
    }
    return DjlBackbone.load(manifest.config(), manifest.specialTokens(),
        new ByteArrayInputStream(weights), device);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DefaultBackbone.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IOException("resource " + RESOURCE_DIR + name + " is missing");
    }
    return in;
  }
}
