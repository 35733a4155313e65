package org.rnnt4j.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
  private static final String OPENBLAS_PRESET = "org.bytedeco.openblas.presets.openblas_nolapack";
  private static boolean openblasInitialised;

  static {
    PointerPolicy.apply(); // every JavaCPP user of rnnt4j extracts through this class first
  }

  private NativeLoader() {}

  /** Whether the CUDA build of a preset's natives (classifier {@code <platform>-gpu}) is on the class path. */
  public static boolean hasGpuNatives(String preset) {
    return NativeLoader.class.getResource("/org/bytedeco/" + preset + "/" + Loader.getPlatform() + "-gpu/") != null;
  }

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
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot extract the " + preset + " natives for " + platform + " (resource " + dir
                + "); is the " + platform + " classifier of org.bytedeco:" + preset + " on the class path?",
            e);
      }
    }
  }

  /**
   * Initialises the OpenBLAS preset class (which loads nothing native) before libtorch does, without
   * its one known warning. The class's static initialiser compares its release with JavaCPP's and prints
   * {@code Warning: Versions of org.bytedeco:javacpp:1.5.14 and org.bytedeco:openblas:0.3.31-1.5.13 do
   * not match.} on stderr in every command. The mismatch is deliberate: pom.xml pins OpenBLAS to
   * 0.3.31-1.5.13 because the 0.3.34-1.5.14 that the PyTorch preset asks for is not served by Maven
   * Central, and that build works. JavaCPP 1.5.14 has no system property that turns this check off
   * (its {@code Loader.checkVersion} logs whenever libraries are loaded), so exactly that line, for
   * exactly the pinned version, is dropped from stderr while the class initialises; any other output,
   * and the warning for any other pair of versions, passes through. Call after {@link #extract} of
   * {@code "openblas"} and before the first libtorch class loads.
   */
  public static synchronized void initOpenblasPreset() {
    if (openblasInitialised) {
      return;
    }
    openblasInitialised = true;
    String javacpp;
    try {
      javacpp = Loader.getVersion();
    } catch (IOException e) {
      javacpp = BuildInfo.javacppVersion();
    }
    String known =
        "Warning: Versions of org.bytedeco:javacpp:" + javacpp + " and org.bytedeco:openblas:"
            + BuildInfo.openblasVersion() + " do not match.";
    PrintStream original = System.err;
    LineDropper dropper = new LineDropper(original, known);
    System.setErr(new PrintStream(dropper, true, StandardCharsets.UTF_8));
    try {
      Class.forName(OPENBLAS_PRESET, true, NativeLoader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      // no OpenBLAS preset on the class path: nothing to initialise, nothing to silence
    } finally {
      System.setErr(original);
      dropper.flushPartialLine();
    }
  }

  /** Passes stderr through line by line, except lines equal to one known line. */
  private static final class LineDropper extends OutputStream {
    private final PrintStream target;
    private final String dropped;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineDropper(PrintStream target, String dropped) {
      this.target = target;
      this.dropped = dropped;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        if (!text.stripTrailing().equals(dropped)) {
          target.write(line.toByteArray(), 0, line.size());
          target.flush();
        }
        line.reset();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }

    synchronized void flushPartialLine() {
      if (line.size() > 0) {
        target.write(line.toByteArray(), 0, line.size());
        target.flush();
        line.reset();
      }
    }
  }
}
