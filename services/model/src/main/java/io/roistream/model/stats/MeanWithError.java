package io.roistream.model.stats;

/**
 * The mean of some values and its standard error (sample standard deviation over sqrt n).
 *
 * @param mean the mean (0 for no values)
 * @param standardError the standard error of the mean (0 below two values)
 * @param count how many values
 */
public record MeanWithError(double mean, double standardError, int count) {

  /** The mean and standard error of {@code values}. */
  public static MeanWithError of(double[] values) {
    int n = values.length;
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = n == 0 ? 0 : sum / n;
    if (n < 2) {
      return new MeanWithError(mean, 0, n);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new MeanWithError(mean, Math.sqrt(squares / (n - 1) / n), n);
  }
}
