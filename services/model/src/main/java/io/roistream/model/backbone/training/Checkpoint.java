package io.roistream.model.backbone.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roistream.model.backbone.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A resumable training checkpoint: the weights ({@code <stage>.rsw}) and how far the stage got
 * ({@code <stage>.json}: steps done and wall seconds spent). Batches are seeded by step, so a
 * resumed stage sees the same data it would have seen; Adam's moments restart from zero.
 *
 * @param stage stage name
 * @param step steps completed
 * @param seconds wall-clock seconds spent on the stage so far
 */
public record Checkpoint(String stage, int step, double seconds) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Weights file of a stage in {@code dir}. */
  public static Path weightsFile(Path dir, String stage) {
    return dir.resolve(stage + ".rsw");
  }

  /** Writes the weights, then the state (so a state file always has its weights). */
  public void save(Path dir, Weights weights) throws IOException {
    Files.createDirectories(dir);
    weights.save(weightsFile(dir, stage));
    Path tmp = dir.resolve(stage + ".json.tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, dir.resolve(stage + ".json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The stage's saved state, or null when there is none. */
  public static Checkpoint find(Path dir, String stage) throws IOException {
    Path state = dir.resolve(stage + ".json");
    if (!Files.exists(state)) {
      return null;
    }
    return JSON.readValue(state.toFile(), Checkpoint.class);
  }
}
