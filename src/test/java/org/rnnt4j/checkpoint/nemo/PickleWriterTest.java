package org.rnnt4j.checkpoint.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden bytes from CPython 3.11's {@code pickle.dumps(value, protocol=2)}. */
class PickleWriterTest {
  @ParameterizedTest
  @CsvSource({
    "0, 80024b002e",
    "255, 80024bff2e",
    "256, 80024d00012e",
    "65535, 80024dffff2e",
    "65536, 80024a000001002e",
    "-1, 80024affffffff2e",
    "2147483647, 80024affffff7f2e",
    "2147483648, 80028a0500000080002e",
    "-2147483648, 80024a000000802e",
    "-2147483649, 80028a05ffffff7fff2e",
    "1099511627776, 80028a060000000000012e",
    "9223372036854775807, 80028a08ffffffffffffff7f2e",
    "-9223372036854775808, 80028a0800000000000000802e",
  })
  void integersUseCPythonsShortestEncoding(long value, String expectedHex) {
    PickleWriter pickle = new PickleWriter();
    pickle.integer(value);
    assertEquals(expectedHex, HexFormat.of().formatHex(pickle.finish()));
  }

  @Test
  void stringsAreUtf8AndMemoized() {
    PickleWriter pickle = new PickleWriter();
    pickle.string("é✓ key");
    assertEquals(
        "80025809000000c3a9e29c93206b657971002e", HexFormat.of().formatHex(pickle.finish()));
  }

  @Test
  void constantsAndSmallTuples() {
    PickleWriter pickle = new PickleWriter();
    pickle.bool(true);
    pickle.bool(false);
    pickle.none();
    pickle.tuple(3);
    assertEquals("800288894e8771002e", HexFormat.of().formatHex(pickle.finish()));
  }

  @Test
  void theMemoSwitchesToFourByteIndicesAt256() throws NoSuchAlgorithmException {
    // pickle.dumps(tuple(items + [items[280], items[3]]), 2) with items = [str(i) + 'x' for i in
    // range(300)]
    PickleWriter pickle = new PickleWriter();
    pickle.mark();
    for (int i = 0; i < 300; i++) {
      pickle.string(i + "x");
    }
    pickle.string("280x");
    pickle.string("3x");
    pickle.tuple(302);
    byte[] bytes = pickle.finish();
    assertEquals(3339, bytes.length);
    assertEquals(
        "ce5234f63cdd2d9439b922b1f2f1d5088214d0a86808846850a99d522d6f3226",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }
}
