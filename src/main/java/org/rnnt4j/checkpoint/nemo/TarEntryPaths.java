package org.rnnt4j.checkpoint.nemo;

import java.util.ArrayDeque;
import java.util.Deque;
import org.rnnt4j.util.FormatException;

/**
 * Turns a tar member name into a safe path relative to the extraction directory, refusing every
 * name that could land outside it: absolute names, drive letters, backslashes, and {@code ..}
 * segments that climb above the archive root. This is the check that Python's {@code tarfile} only
 * makes with the {@code 'data'} filter, which NeMo's {@code _unpack_nemo_file} does not pass.
 */
final class TarEntryPaths {
  private TarEntryPaths() {}

  /**
   * The member's path with {@code .} segments and empty segments removed and {@code ..} applied,
   * joined by {@code /}; the empty string for the root ({@code ./}).
   *
   * @param archive the archive, for error messages
   * @throws FormatException if the name is absolute or escapes the root
   */
  static String normalise(String archive, String name) {
    if (name.startsWith("/")
        || name.contains("\\")
        || name.matches("^[A-Za-z]:.*")
        || name.indexOf('\0') >= 0) {
      throw escapes(archive, name, "is an absolute or non-POSIX path");
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : name.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw escapes(archive, name, "climbs above the archive root with '..'");
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }

  private static FormatException escapes(String archive, String name, String why) {
    return new FormatException(
        archive,
        "entry '"
            + name
            + "' "
            + why
            + ", so it would be written outside the target directory; refusing to extract");
  }
}
