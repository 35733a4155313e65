package org.rnnt4j.data;

import org.rnnt4j.util.Checks;

/**
 * Where a record came from, for error messages: a manifest line ({@code train.jsonl:12}, 1-based) or a
 * Parquet row ({@code data/train-00000-of-00001.parquet row 5}, 0-based within that file).
 */
public record SourceLocation(String file, long position, Kind kind) {
  /** How {@code position} counts. */
  public enum Kind {
    /** 1-based line of a text file. */
    LINE,
    /** 0-based row of a table file. */
    ROW
  }

  public SourceLocation {
    Checks.notNull(file, "file");
    Checks.notNull(kind, "kind");
    Checks.argument(kind == Kind.LINE ? position >= 1 : position >= 0, "bad %s number %s for %s", kind, position, file);
  }

  public static SourceLocation line(String file, long line) {
    return new SourceLocation(file, line, Kind.LINE);
  }

  public static SourceLocation row(String file, long row) {
    return new SourceLocation(file, row, Kind.ROW);
  }

  @Override
  public String toString() {
    return kind == Kind.LINE ? file + ":" + position : file + " row " + position;
  }
}
