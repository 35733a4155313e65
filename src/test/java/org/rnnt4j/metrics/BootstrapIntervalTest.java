package org.rnnt4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The percentile bootstrap of corpus error rates; expectations worked out by hand in each test. */
class BootstrapIntervalTest {
  @Test
  void percentilesInterpolateLinearlyAsNumpy() {
    // numpy.percentile([1, 2, 3, 4], 2.5) = 1 + 0.025 x 3 = 1.075; 97.5 -> 3 + 0.925 = 3.925
    double[] sorted = {1, 2, 3, 4};
    assertEquals(1.075, BootstrapInterval.percentile(sorted, 0.025), 1e-12);
    assertEquals(3.925, BootstrapInterval.percentile(sorted, 0.975), 1e-12);
    assertEquals(2.5, BootstrapInterval.percentile(sorted, 0.5), 1e-12);
  }

  @Test
  void oneUtteranceOrEqualUtterancesGiveAPointInterval() {
    BootstrapInterval one = BootstrapInterval.of95(List.of(ErrorCounts.of(1, 0, 0, 3)));
    assertEquals(0.25, one.low(), 0.0);
    assertEquals(0.25, one.high(), 0.0);
    BootstrapInterval empty = BootstrapInterval.of95(List.of());
    assertTrue(Double.isNaN(empty.low()) && Double.isNaN(empty.high()));
  }

  @Test
  void twoUtterancesSpanTheirExtremes() {
    // one word wrong (rate 1) and one right (rate 0): a draw of two is 0, 0.5 or 1 with probabilities 1/4, 1/2,
    // 1/4, so among 1,000 draws the 25th smallest is 0 and the 25th largest is 1 (each side fails with
    // probability below 1e-90); fixed seed 0
    List<ErrorCounts> counts = List.of(ErrorCounts.of(1, 0, 0, 0), ErrorCounts.of(0, 0, 0, 1));
    BootstrapInterval ci = BootstrapInterval.of(counts, 0.95, 1000, 0);
    assertEquals(0.0, ci.low(), 0.0);
    assertEquals(1.0, ci.high(), 0.0);
  }

  @Test
  void theIntervalIsSeededAndHoldsTheCorpusRate() {
    long seed = 7;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    List<ErrorCounts> counts = new ArrayList<>();
    ErrorCounts total = ErrorCounts.ZERO;
    for (int i = 0; i < 200; i++) {
      int words = 5 + random.nextInt(20);
      int wrong = random.nextInt(words / 2);
      ErrorCounts c = ErrorCounts.of(wrong, 0, random.nextInt(2), words - wrong);
      counts.add(c);
      total = total.plus(c);
    }
    BootstrapInterval a = BootstrapInterval.of95(counts);
    assertEquals(a, BootstrapInterval.of95(counts), "same seed, same interval");
    assertTrue(a.low() < total.errorRate() && total.errorRate() < a.high(), a + " around " + total.errorRate());
    // the standard error of a corpus rate over 200 utterances is a few hundredths here: the width is not 0 or 1
    assertTrue(a.high() - a.low() > 0.01 && a.high() - a.low() < 0.2, a.toString());
    assertTrue(!a.equals(BootstrapInterval.of(counts, 0.95, 1000, 1)), "another seed, other draws");
  }
}
