package io.roistream.model.answer;

import io.roistream.model.image.Box;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One question about one image (any size the backbone accepts).
 *
 * @param image the original image
 * @param question the question in plain words
 * @param oracleBox the referenced object's box in source pixels, or null; read only by
 *     {@link OracleCropAnswerer} (evaluation), never by the RPN or its labels
 */
public record Query(BufferedImage image, String question, Box oracleBox) {

  /** Checks the fields. */
  public Query {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(question, "question");
  }

  /** A query without a ground-truth box. */
  public static Query of(BufferedImage image, String question) {
    return new Query(image, question, null);
  }
}
