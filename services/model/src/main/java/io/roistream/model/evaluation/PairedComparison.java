package io.roistream.model.evaluation;

import io.roistream.model.stats.MeanWithError;
import java.util.List;

/**
 * Two methods' answers to the same questions, compared question by question: how many only one of
 * them got right, and the difference of their accuracies with its standard error (of the paired
 * per-question differences, so the questions both get right or both miss add no noise).
 *
 * @param questions questions compared
 * @param firstOnlyRight questions only the first method got right
 * @param secondOnlyRight questions only the second method got right
 * @param differencePoints the first's accuracy minus the second's, in percentage points
 * @param standardErrorPoints the standard error of that difference, in percentage points
 */
public record PairedComparison(int questions, int firstOnlyRight, int secondOnlyRight,
    double differencePoints, double standardErrorPoints) {

  /** Compares {@code first} and {@code second}, whether each method answered question i right. */
  public static PairedComparison of(List<Boolean> first, List<Boolean> second) {
    if (first.size() != second.size()) {
      throw new IllegalArgumentException(first.size() + " answers against " + second.size());
    }
    double[] differences = new double[first.size()];
    int firstOnly = 0;
    int secondOnly = 0;
    for (int i = 0; i < differences.length; i++) {
      boolean a = first.get(i);
      boolean b = second.get(i);
      firstOnly += a && !b ? 1 : 0;
      secondOnly += b && !a ? 1 : 0;
      differences[i] = (a ? 1 : 0) - (b ? 1 : 0);
    }
    MeanWithError d = MeanWithError.of(differences);
    return new PairedComparison(differences.length, firstOnly, secondOnly, 100 * d.mean(),
        100 * d.standardError());
  }
}
