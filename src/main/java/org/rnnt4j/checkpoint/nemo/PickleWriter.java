package org.rnnt4j.checkpoint.nemo;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Emits pickle protocol 2 opcodes the way CPython's {@code pickle.Pickler} does, including its
 * memo: every global, string, non-empty tuple, dict and reduce result is stored with {@code BINPUT}
 * (or {@code LONG_BINPUT} from index 256), and a global or string written again is fetched with
 * {@code BINGET}. Python memoizes by object identity; here strings and globals are memoized by
 * value, which gives the same bytes for state-dict pickles, whose repeated strings ({@code
 * 'storage'}, {@code 'cpu'}, {@code 'version'}) are single Python objects and whose other strings
 * are all distinct.
 *
 * <p>Callers sequence the opcodes; this class knows the encodings and the memo.
 */
final class PickleWriter {
  private static final int PROTO = 0x80;
  private static final int MARK = '(';
  private static final int STOP = '.';
  private static final int GLOBAL = 'c';
  private static final int BINPUT = 'q';
  private static final int LONG_BINPUT = 'r';
  private static final int BINGET = 'h';
  private static final int LONG_BINGET = 'j';
  private static final int BININT = 'J';
  private static final int BININT1 = 'K';
  private static final int BININT2 = 'M';
  private static final int LONG1 = 0x8a;
  private static final int BINUNICODE = 'X';
  private static final int NEWTRUE = 0x88;
  private static final int NEWFALSE = 0x89;
  private static final int NONE = 'N';
  private static final int EMPTY_TUPLE = ')';
  private static final int TUPLE = 't';
  private static final int TUPLE1 = 0x85;
  private static final int TUPLE2 = 0x86;
  private static final int TUPLE3 = 0x87;
  private static final int EMPTY_DICT = '}';
  private static final int SETITEM = 's';
  private static final int SETITEMS = 'u';
  private static final int REDUCE = 'R';
  private static final int BUILD = 'b';
  private static final int BINPERSID = 'Q';

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<String, Integer> memo = new HashMap<>();
  private int memoSize;

  PickleWriter() {
    out.write(PROTO);
    out.write(2);
  }

  /** {@code GLOBAL 'module name'}, or a memo fetch if this global was written before. */
  void global(String module, String name) {
    if (!fetch("g:" + module + "\n" + name)) {
      out.write(GLOBAL);
      writeAscii(module + "\n" + name + "\n");
      put("g:" + module + "\n" + name);
    }
  }

  /**
   * A Python str: {@code BINUNICODE} (UTF-8), or a memo fetch if this string was written before.
   */
  void string(String value) {
    if (!fetch("s:" + value)) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.write(BINUNICODE);
      writeInt32(utf8.length);
      out.write(utf8, 0, utf8.length);
      put("s:" + value);
    }
  }

  /** A Python int in its shortest protocol-2 encoding; ints are not memoized. */
  void integer(long value) {
    if (value >= 0 && value <= 0xFF) {
      out.write(BININT1);
      out.write((int) value);
    } else if (value >= 0 && value <= 0xFFFF) {
      out.write(BININT2);
      out.write((int) value & 0xFF);
      out.write((int) (value >>> 8));
    } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      out.write(BININT);
      writeInt32((int) value);
    } else {
      // LONG1: the minimal two's-complement little-endian bytes, as pickle.encode_long.
      byte[] bigEndian = BigInteger.valueOf(value).toByteArray();
      out.write(LONG1);
      out.write(bigEndian.length);
      for (int i = bigEndian.length - 1; i >= 0; i--) {
        out.write(bigEndian[i]);
      }
    }
  }

  void bool(boolean value) {
    out.write(value ? NEWTRUE : NEWFALSE);
  }

  void none() {
    out.write(NONE);
  }

  /** Opens a tuple of more than three items, or the items of a SETITEMS batch. */
  void mark() {
    out.write(MARK);
  }

  /**
   * Closes a tuple of {@code size} items already written (after {@link #mark()} when {@code size >
   * 3}) and memoizes it; the empty tuple is neither marked nor memoized.
   */
  void tuple(int size) {
    switch (size) {
      case 0 -> {
        out.write(EMPTY_TUPLE);
        return;
      }
      case 1 -> out.write(TUPLE1);
      case 2 -> out.write(TUPLE2);
      case 3 -> out.write(TUPLE3);
      default -> out.write(TUPLE);
    }
    putAnonymous();
  }

  /** A new empty dict, memoized. */
  void emptyDict() {
    out.write(EMPTY_DICT);
    putAnonymous();
  }

  /** Calls the callable below the argument tuple on the stack, memoizing the result. */
  void reduce() {
    out.write(REDUCE);
    putAnonymous();
  }

  void setItem() {
    out.write(SETITEM);
  }

  /** Adds the items since the last {@link #mark()} to the dict below them. */
  void setItems() {
    out.write(SETITEMS);
  }

  void build() {
    out.write(BUILD);
  }

  /** Replaces the persistent-id tuple on top of the stack with the object it names. */
  void persistentId() {
    out.write(BINPERSID);
  }

  /** Writes STOP and returns the pickle. */
  byte[] finish() {
    out.write(STOP);
    return out.toByteArray();
  }

  private boolean fetch(String key) {
    Integer index = memo.get(key);
    if (index == null) {
      return false;
    }
    if (index < 256) {
      out.write(BINGET);
      out.write(index);
    } else {
      out.write(LONG_BINGET);
      writeInt32(index);
    }
    return true;
  }

  private void put(String key) {
    memo.put(key, memoSize);
    putAnonymous();
  }

  /** Memoizes an object that is never fetched again (Python memoizes it all the same). */
  private void putAnonymous() {
    int index = memoSize++;
    if (index < 256) {
      out.write(BINPUT);
      out.write(index);
    } else {
      out.write(LONG_BINPUT);
      writeInt32(index);
    }
  }

  private void writeInt32(int value) {
    out.write(value & 0xFF);
    out.write((value >>> 8) & 0xFF);
    out.write((value >>> 16) & 0xFF);
    out.write((value >>> 24) & 0xFF);
  }

  private void writeAscii(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
  }
}
