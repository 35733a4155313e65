package org.rnnt4j.cli;

/**
 * Run in a child JVM by {@link NativeWarningTest}: initialises the OpenBLAS preset class the way
 * libtorch's loading does, without rnnt4j's engine, so the JavaCPP version warning shows if this build
 * has it.
 */
public final class OpenblasPresetProbe {
  public static void main(String[] args) throws Exception {
    Class.forName("org.bytedeco.openblas.presets.openblas_nolapack");
    System.out.println("initialised");
  }
}
