package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link CpuFeatures#parse} on /proc/cpuinfo excerpts (flags lines shortened from real machines). */
class CpuFeaturesTest {
  @Test
  void zen4HasNativeBf16() {
    CpuFeatures cpu =
        CpuFeatures.parse(
            List.of(
                "processor\t: 0",
                "model name\t: AMD EPYC 9R14",
                "flags\t\t: fpu sse2 avx2 fma avx512f avx512dq avx512_bf16 avx512_vnni sha_ni",
                "",
                "processor\t: 1",
                "model name\t: AMD EPYC 9R14",
                "flags\t\t: fpu sse2"));
    assertEquals("AMD EPYC 9R14", cpu.model());
    assertEquals(Set.of("avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni"), cpu.flags());
    assertTrue(cpu.bf16Native());
  }

  @Test
  void sapphireRapidsAmxCounts() {
    CpuFeatures cpu = CpuFeatures.parse(List.of("flags : avx2 avx512f amx_bf16 amx_tile amx_int8"));
    assertTrue(cpu.bf16Native());
    assertEquals("unknown", cpu.model());
  }

  @Test
  void avx2OnlyOrNothingKnownIsNotNative() {
    assertFalse(CpuFeatures.parse(List.of("model name : Intel Xeon E5-2680 v4", "flags : sse2 avx2 fma")).bf16Native());
    assertFalse(CpuFeatures.parse(List.of()).bf16Native());
  }
}
