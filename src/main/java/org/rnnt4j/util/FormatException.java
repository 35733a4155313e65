package org.rnnt4j.util;

/** A file that is not in the expected format or version, naming the file and what was expected vs. found. */
public final class FormatException extends RuntimeException {
  public FormatException(String file, String message) {
    super(file + ": " + message);
  }

  public FormatException(String file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }
}
