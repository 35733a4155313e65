package org.rnnt4j.util;

import java.nio.file.Path;

/**
 * A problem with user data (an audio file, a manifest line, a Parquet row), naming the file and, where
 * known, the line or row.
 */
public final class DataException extends RuntimeException {
  private final String source;
  private final long row;

  /**
   * @param source the file or dataset the data came from
   * @param row the 0-based row or 1-based line number, or -1 when not applicable
   */
  public DataException(String source, long row, String message, Throwable cause) {
    super(format(source, row, message), cause);
    this.source = source;
    this.row = row;
  }

  public DataException(String source, long row, String message) {
    this(source, row, message, null);
  }

  public DataException(Path file, String message, Throwable cause) {
    this(file.toString(), -1, message, cause);
  }

  public DataException(Path file, String message) {
    this(file.toString(), -1, message, null);
  }

  public String source() {
    return source;
  }

  public long row() {
    return row;
  }

  private static String format(String source, long row, String message) {
    return row >= 0 ? source + " (row " + row + "): " + message : source + ": " + message;
  }
}
