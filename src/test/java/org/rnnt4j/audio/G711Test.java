package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * G.711 expansion against the standard's segment tables (ITU-T G.711 tables 1 and 2, in 16-bit
 * units): each segment is 16 equal steps, the step doubling from one segment to the next.
 */
class G711Test {
  @Test
  void muLawPositiveValuesFollowTheSegmentTable() {
    // Segment s starts at (2^s - 1) * 132 and steps by 8 * 2^s (the biased 14-bit code book, bias
    // 132).
    List<Integer> expected = new ArrayList<>();
    for (int s = 0; s < 8; s++) {
      for (int m = 0; m < 16; m++) {
        expected.add(((1 << s) - 1) * 132 + m * (8 << s));
      }
    }
    TreeSet<Integer> positive = new TreeSet<>();
    for (int code = 0x80; code <= 0xFF; code++) {
      positive.add(G711.muLawToLinear(code));
    }
    assertEquals(new TreeSet<>(expected), positive);
  }

  @Test
  void aLawPositiveValuesFollowTheSegmentTable() {
    // Segments 0 and 1 step by 16 from 8; segment s >= 2 steps by 8 * 2^s from 8 * 2^(s+4) + half a
    // step.
    List<Integer> expected = new ArrayList<>();
    for (int m = 0; m < 32; m++) {
      expected.add(8 + 16 * m);
    }
    for (int s = 2; s < 8; s++) {
      for (int m = 0; m < 16; m++) {
        int step = 8 << s;
        expected.add((128 << s) + step / 2 + m * step);
      }
    }
    TreeSet<Integer> positive = new TreeSet<>();
    for (int code = 0x80; code <= 0xFF; code++) {
      positive.add(G711.aLawToLinear(code));
    }
    assertEquals(new TreeSet<>(expected), positive);
  }

  @Test
  void signsAndExtremes() {
    assertEquals(0, G711.muLawToLinear(0xFF));
    assertEquals(0, G711.muLawToLinear(0x7F));
    assertEquals(-32124, G711.muLawToLinear(0x00));
    assertEquals(32124, G711.muLawToLinear(0x80));
    assertEquals(8, G711.aLawToLinear(0xD5));
    assertEquals(-8, G711.aLawToLinear(0x55));
    assertEquals(32256, G711.aLawToLinear(0xAA));
    assertEquals(-32256, G711.aLawToLinear(0x2A));
    for (int code = 0; code < 128; code++) {
      assertEquals(
          -G711.muLawToLinear(code | 0x80), G711.muLawToLinear(code), "mu-law code " + code);
      assertEquals(-G711.aLawToLinear(code | 0x80), G711.aLawToLinear(code), "A-law code " + code);
    }
    assertEquals(32124 / 32768f, G711.muLaw(0x80));
    assertEquals(-32256 / 32768f, G711.aLaw(0x2A));
  }
}
