package org.rnnt4j.data;

import java.util.List;
import org.rnnt4j.util.DataException;

/**
 * Bad rows of a dataset read, collected while reading and reported together in one {@link DataException}
 * (NeMo's manifest reader does the same), each with its file and row; long lists are cut after 50.
 */
public final class BadRows {
  private static final int MAX_LISTED = 50;

  private BadRows() {}

  /**
   * @param source the dataset, for the exception
   * @param what what was read, e.g. the split expression
   * @param problems one line per bad row, {@code file row N: why}
   */
  public static void throwIfAny(String source, String what, List<String> problems) {
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(problems.size() + " bad row(s) in " + what + ":");
    problems.stream().limit(MAX_LISTED).forEach(p -> message.append("\n  ").append(p));
    if (problems.size() > MAX_LISTED) {
      message.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more");
    }
    throw new DataException(source, -1, message.toString());
  }
}
