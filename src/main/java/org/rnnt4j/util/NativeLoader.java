package org.rnnt4j.util;

import java.util.HashSet;
import java.util.Set;
import org.bytedeco.javacpp.Loader;

/**
 * Extracts JavaCPP native libraries into the cache before the first class that needs them loads.
 *
 * <p>On an empty {@code ~/.javacpp/cache}, loading {@code libtorch_cpu.so} while JavaCPP is still
 * extracting its dependencies lets the dynamic linker pick system libraries for some of them and the JVM
 * dies with SIGSEGV. Extracting every preset's resources first, in this JVM, before any preset class is
 * touched, avoids it. Each preset is extracted once per JVM.
 */
public final class NativeLoader {
  private static final Set<String> EXTRACTED = new HashSet<>();

  private NativeLoader() {}

  /** Like {@link #extract} for presets that may be absent (the CUDA libraries on a CPU build). */
  public static synchronized void extractIfPresent(String preset) {
    String platform = Loader.getPlatform();
    if (NativeLoader.class.getResource("/org/bytedeco/" + preset + "/" + platform + "/") != null) {
      extract(preset);
    }
  }

  /**
   * Extracts the natives of the given JavaCPP presets (e.g. {@code "javacpp"}, {@code "openblas"},
   * {@code "pytorch"}, {@code "ffmpeg"}) for this platform. Call before touching any preset class.
   */
  public static synchronized void extract(String... presets) {
    String platform = Loader.getPlatform();
    for (String preset : presets) {
      if (!EXTRACTED.add(preset)) {
        continue;
      }
      // The CUDA builds (classifier <platform>-gpu) keep their natives under their own directory.
      String gpuDir = "/org/bytedeco/" + preset + "/" + platform + "-gpu/";
      String dir =
          NativeLoader.class.getResource(gpuDir) != null ? gpuDir : "/org/bytedeco/" + preset + "/" + platform + "/";
      try {
        Loader.cacheResources(dir);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "cannot extract the " + preset + " natives for " + platform + " (resource " + dir
                + "); is the " + platform + " classifier of org.bytedeco:" + preset + " on the class path?",
            e);
      }
    }
  }
}
