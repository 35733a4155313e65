package org.rnnt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3 prints for repr(x) / str(x). */
class PythonStringsTest {
  @Test
  void floatReprMatchesPython() {
    assertEquals("0.1", PythonStrings.repr(0.1));
    assertEquals("1.0", PythonStrings.repr(1.0));
    assertEquals("-2.5", PythonStrings.repr(-2.5));
    assertEquals("0.0001", PythonStrings.repr(1e-4));
    assertEquals("1e-05", PythonStrings.repr(1e-5));
    assertEquals("1.5e-06", PythonStrings.repr(1.5e-6));
    assertEquals("1000000000000000.0", PythonStrings.repr(1e15));
    assertEquals("1e+16", PythonStrings.repr(1e16));
    assertEquals("1.2345678901234567e+19", PythonStrings.repr(12345678901234567890.0));
    assertEquals("0.30000000000000004", PythonStrings.repr(0.1 + 0.2));
    assertEquals("16.7", PythonStrings.repr(16.7));
    assertEquals("-0.0", PythonStrings.repr(-0.0));
    assertEquals("inf", PythonStrings.repr(Double.POSITIVE_INFINITY));
  }

  @Test
  void strOfOtherScalars() {
    assertEquals("True", PythonStrings.str(true));
    assertEquals("None", PythonStrings.str(null));
    assertEquals("16000", PythonStrings.str(16000L));
    assertEquals("abc", PythonStrings.str("abc"));
  }
}
