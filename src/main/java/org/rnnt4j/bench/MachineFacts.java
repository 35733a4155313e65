package org.rnnt4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.CpuFeatures;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.MallocDefaults;
import org.rnnt4j.engine.ThreadDefaults;

/**
 * The facts a benchmark report records about where it ran: the load average (the machines are shared,
 * so every figure is read beside it), processors, CPU model and reduced-precision flags, Java, the
 * engine's thread count and the native settings rnnt4j applied ({@link ThreadDefaults}, {@link
 * MallocDefaults}).
 */
final class MachineFacts {
  private MachineFacts() {}

  /** Load average (the first line of /proc/loadavg), or "unknown". */
  static String loadAverage() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/loadavg"));
      return lines.isEmpty() ? "" : lines.get(0).trim();
    } catch (IOException | SecurityException e) {
      return "unknown";
    }
  }

  /** @param full also the static facts (processors, CPU, Java, OS), else the load average only */
  static Map<String, Object> describe(boolean full) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("load_average", loadAverage());
    if (full) {
      CpuFeatures cpu = CpuFeatures.detect();
      out.put("cpus", Runtime.getRuntime().availableProcessors());
      out.put("cpu_model", cpu.model());
      out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
      out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }
    return out;
  }

  /** The CPU's reduced-precision and vector flags, and whether bfloat16 is native. */
  static Map<String, Object> cpuFeatures() {
    CpuFeatures cpu = CpuFeatures.detect();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("flags", cpu.flags().stream().sorted().toList());
    out.put("bf16_native", cpu.bf16Native());
    return out;
  }

  /** libtorch's intra- and inter-op threads and the native thread and allocator settings rnnt4j applied. */
  static Map<String, Object> nativeSettings() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("intra_op_threads", Engine.threads());
    out.put("inter_op_threads", Engine.interOpThreads());
    ThreadDefaults.Applied applied = ThreadDefaults.applied();
    if (applied != null) {
      out.put("set_by_rnnt4j", applied.set());
      out.put("kept_from_environment", applied.kept());
    }
    out.put("malloc", MallocDefaults.applied());
    out.put("javacpp_pointer_gc", org.rnnt4j.util.PointerPolicy.garbageCollected());
    return out;
  }
}
