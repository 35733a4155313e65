package org.rnnt4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it in {@code /proc/self/status}: {@code VmRSS}
 * (now) and {@code VmHWM} (the high-water mark), which {@link #resetPeak} restarts from the current
 * RSS by writing 5 to {@code /proc/self/clear_refs} (Linux 4.0 and later). Elsewhere every reading
 * is -1.
 */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Resident set size now, in bytes, or -1. */
  static long residentBytes() {
    return field("VmRSS:");
  }

  /** Peak resident set size since start or the last {@link #resetPeak}, in bytes, or -1. */
  static long peakResidentBytes() {
    return field("VmHWM:");
  }

  /** Restarts the peak from the current RSS; false where the kernel does not allow it. */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Minor page faults of the process so far (field 10 of /proc/self/stat), or -1. */
  static long minorFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[7]); // fields from the state (field 3) on: minflt is field 10
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024; // "kB"
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
