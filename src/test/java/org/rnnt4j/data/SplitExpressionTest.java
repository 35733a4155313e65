package org.rnnt4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected ranges worked out by hand from datasets.arrow_reader._rel_to_abs_instr. */
class SplitExpressionTest {
  private static SplitExpression.RowRange one(String expression, long rows) {
    List<SplitExpression.RowRange> ranges = SplitExpression.parse(expression).resolve(Map.of(expression.replaceAll("[\\[(].*", ""), rows));
    assertEquals(1, ranges.size());
    return ranges.get(0);
  }

  private static void assertRange(long from, long to, SplitExpression.RowRange range) {
    assertEquals(from, range.from(), "from of " + range);
    assertEquals(to, range.to(), "to of " + range);
  }

  @Test
  void absoluteSlices() {
    assertRange(0, 32, one("validation", 32));
    assertRange(0, 32, one("validation[:32]", 100));
    assertRange(0, 16, one("validation[:32]", 16));
    assertRange(10, 20, one("validation[10:20]", 32));
    assertRange(27, 32, one("validation[-5:]", 32));
    assertRange(0, 30, one("validation[:-2]", 32));
    assertRange(0, 2, one("validation[-100:2]", 32));
    assertEquals(0, one("validation[5:2]", 32).size(), "from > to is empty, not an error");
    assertRange(32, 32, one("validation[40:]", 32));
    assertRange(1000, 5000, one("train[1_000:]", 5000)); // Python's int() accepts 1_000
  }

  @Test
  void percentSlicesRoundToClosestWithTiesToEven() {
    assertRange(0, 29, one("validation[:90%]", 32)); // 28.8 -> 29
    assertRange(29, 32, one("test[-10%:]", 32)); // -3.2 -> -3 -> 29
    assertRange(0, 2, one("test[:25%]", 10)); // 2.5 -> 2 (half to even)
    assertRange(0, 4, one("test[:35%]", 10)); // 3.5 -> 4
    assertRange(0, 0, one("test[:5%]", 10)); // 0.5 -> 0
    assertRange(0, 2, one("test[:15%]", 10)); // 1.5 -> 2
    // one % makes both bounds percent: 10% of 25 = 2.5 -> 2, 20% of 25 = 5.0 -> 5
    assertRange(2, 5, one("test[10:20%]", 25));
  }

  @Test
  void pct1DropRemainder() {
    assertRange(0, 20, one("train[:10%](pct1_dropremainder)", 250)); // 10 * trunc(2.5)
    assertRange(0, 25, one("train[:10%](closest)", 250));
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> one("train[:10%](pct1_dropremainder)", 99));
    assertTrue(small.getMessage().contains("fewer than 100 rows"), small.getMessage());
  }

  @Test
  void concatenationKeepsOrderAndDottedNames() {
    SplitExpression e = SplitExpression.parse("train.clean.100 + train.clean.360[:10]+validation[-1:]");
    assertEquals(List.of("train.clean.100", "train.clean.360", "validation"), e.splitNames());
    List<SplitExpression.RowRange> ranges = e.resolve(Map.of("train.clean.100", 5L, "train.clean.360", 50L, "validation", 7L));
    assertEquals(
        List.of(
            new SplitExpression.RowRange("train.clean.100", 0, 5),
            new SplitExpression.RowRange("train.clean.360", 0, 10),
            new SplitExpression.RowRange("validation", 6, 7)),
        ranges);
  }

  @Test
  void malformedExpressionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[:5"));
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[a:b]"));
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train+"));
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[:101%]"), "percent beyond 100");
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[:10](closest)"), "rounding needs percent");
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[:10%](up)"));
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[:10%]+test[:10%](pct1_dropremainder)"), "mixed roundings");
    assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("train[_1:]"));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> SplitExpression.parse("test").resolve(Map.of("train", 3L)));
    assertTrue(unknown.getMessage().contains("unknown split \"test\"") && unknown.getMessage().contains("[train]"), unknown.getMessage());
  }
}
