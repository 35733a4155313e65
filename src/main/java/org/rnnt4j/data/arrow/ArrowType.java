package org.rnnt4j.data.arrow;

/**
 * The Arrow logical types this reader understands, with the parameters it needs to read their buffers.
 * Types outside this set are kept as {@link Kind#UNSUPPORTED} so that a table with, say, a timestamp column
 * can still be read as long as that column is not asked for.
 *
 * @param bitWidth for {@link Kind#INT} (8, 16, 32, 64) and {@link Kind#FLOAT} (16, 32, 64); else 0
 * @param name Arrow's type name, for messages
 */
public record ArrowType(Kind kind, int bitWidth, boolean signed, String name) {
  /** How a column's buffers are laid out. */
  public enum Kind {
    NULL(0),
    BOOL(2),
    INT(2),
    FLOAT(2),
    UTF8(3),
    LARGE_UTF8(3),
    BINARY(3),
    LARGE_BINARY(3),
    STRUCT(1),
    LIST(2),
    LARGE_LIST(2),
    /** Dates, times, decimals, fixed-size binary, map: skipped over, not readable. */
    OTHER_FIXED(2),
    UNSUPPORTED(-1);

    /** IPC buffers per field node: validity, then offsets and/or data. */
    final int buffers;

    Kind(int buffers) {
      this.buffers = buffers;
    }
  }

  public static ArrowType of(Kind kind, String name) {
    return new ArrowType(kind, 0, false, name);
  }

  @Override
  public String toString() {
    return name;
  }
}
