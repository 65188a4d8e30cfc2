package io.roistream.model.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeanWithErrorTest {

  @Test
  void meanAndStandardErrorOfKnownValues() {
    // mean 5, squared deviations 9+1+1+9 = 20, sample variance 20/3, error sqrt(20/3/4)
    MeanWithError m = MeanWithError.of(new double[] {2, 4, 6, 8});
    assertEquals(5.0, m.mean(), 1e-12);
    assertEquals(Math.sqrt(20.0 / 3 / 4), m.standardError(), 1e-12);
    assertEquals(4, m.count());
  }

  @Test
  void fewerThanTwoValuesHaveNoError() {
    assertEquals(new MeanWithError(0, 0, 0), MeanWithError.of(new double[0]));
    assertEquals(new MeanWithError(3, 0, 1), MeanWithError.of(new double[] {3}));
  }
}
