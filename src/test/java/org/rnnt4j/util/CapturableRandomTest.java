package org.rnnt4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same numbers as {@code java.util.Random} from the same seed, and a state that continues the stream. */
class CapturableRandomTest {
  @Test
  void drawsJavaUtilRandomsSequenceAndResumesFromItsState() {
    long seed = 20241206L;
    System.out.println("seed " + seed);
    Random reference = new Random(seed);
    CapturableRandom r = new CapturableRandom(seed);
    for (int i = 0; i < 1000; i++) {
      assertEquals(reference.nextDouble(), r.nextDouble(), "draw " + i);
    }
    assertEquals(reference.nextInt(), r.nextInt());
    CapturableRandom resumed = CapturableRandom.fromState(r.state());
    for (int i = 0; i < 100; i++) {
      assertEquals(r.nextDouble(), resumed.nextDouble(), "resumed draw " + i);
    }
  }
}
