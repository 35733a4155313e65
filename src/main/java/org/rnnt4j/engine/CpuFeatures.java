package org.rnnt4j.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the CPU can do natively for reduced precision, from Linux's {@code /proc/cpuinfo} flags:
 * {@code avx512_bf16} (AVX-512 bfloat16 dot products: Intel Cooper Lake and Sapphire Rapids, AMD Zen 4
 * and later) and {@code amx_bf16} (Intel AMX tiles, Sapphire Rapids and later), which oneDNN uses for
 * libtorch's bfloat16 matrix products and convolutions. Without either, libtorch emulates bfloat16
 * arithmetic in float32 and a bfloat16 step is slower than a float32 one. Elsewhere (macOS, no
 * {@code /proc}) nothing is known and {@link #bf16Native()} is false.
 *
 * @param model the first {@code model name}, or "unknown"
 * @param flags the reduced-precision and vector flags present, among {@link #INTERESTING}
 */
public record CpuFeatures(String model, Set<String> flags) {
  /** The flags reported (others are irrelevant to the engine's choices). */
  public static final List<String> INTERESTING =
      List.of("avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "avx512_vnni", "amx_bf16", "amx_tile");

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** Whether bfloat16 products run natively here (avx512_bf16 or amx_bf16). */
  public boolean bf16Native() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /** This machine's, read once from /proc/cpuinfo. */
  public static CpuFeatures detect() {
    return parse(read(Path.of("/proc/cpuinfo")));
  }

  /** From the text of a {@code /proc/cpuinfo}: the first processor's model name and flags. */
  static CpuFeatures parse(List<String> cpuinfo) {
    String model = "unknown";
    Set<String> flags = new TreeSet<>();
    boolean haveFlags = false;
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && model.equals("unknown")) {
        model = value;
      } else if (key.equals("flags") && !haveFlags) {
        haveFlags = true;
        for (String flag : value.split("\\s+")) {
          if (INTERESTING.contains(flag)) {
            flags.add(flag);
          }
        }
      }
    }
    return new CpuFeatures(model, flags);
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }
}
