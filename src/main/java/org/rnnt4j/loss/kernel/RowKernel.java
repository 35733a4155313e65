package org.rnnt4j.loss.kernel;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-row arithmetic of the exact loss's first sweep (the loss package's {@code LatticeLogProbs}): a row's largest
 * logit and the sum of {@code exp(x_k - shift)}, optionally storing the terms over the row. One
 * {@code exp} per logit is what the sweep spends its time on (125 million per step at B = 8, T = 250,
 * U = 60, V = 1025), so two implementations exist: {@link ScalarRowKernel} ({@code Math.exp}, one
 * element at a time: about 6-8 ns per element on a Zen 4 core) and {@code VectorRowKernel} (the JDK's
 * Vector API, whose double-precision {@code EXP} lanes HotSpot compiles to Intel's SVML routines on
 * x86: about 1 ns per element, results within 1e-14 of the scalar kernel's).
 *
 * <p>{@link #best()} takes the vector kernel where it is fast: the JVM runs with {@code --add-modules
 * jdk.incubator.vector} (the {@code rnnt4j} launcher, the test and benchmark JVMs do), the processor is
 * x86-64 (elsewhere JDK 17 has no vectorised {@code exp} and the Vector API would fall back to far
 * slower scalar code) with vectors of at least 256 bits, and {@code -Drnnt4j.vectorExp=false} is not
 * given. Otherwise the scalar kernel.
 */
public interface RowKernel {
  /** The largest of {@code row[0..n)}. */
  float max(float[] row, int n);

  /** {@code sum_k exp(row[k] - shift)}, each subtraction and exponential in double. */
  double sumExp(float[] row, int n, double shift);

  /**
   * As {@link #sumExp}, also replacing each {@code row[k]} by {@code (float) exp(row[k] - shift)}.
   *
   * @param scratch at least {@code n} doubles the kernel may use
   */
  double storeExp(float[] row, double[] scratch, int n, double shift);

  /** The kernel this JVM runs fastest (see the class comment); chosen once. */
  static RowKernel best() {
    return Choice.BEST;
  }

  /** Holds the choice, made when first asked for. */
  final class Choice {
    private static final Logger LOG = Logger.getLogger(RowKernel.class.getName());
    static final RowKernel BEST = choose();

    private Choice() {}

    private static RowKernel choose() {
      String why = vectorUnavailableReason();
      if (why == null) {
        try {
          RowKernel kernel =
              (RowKernel) Class.forName("org.rnnt4j.loss.kernel.VectorRowKernel").getDeclaredConstructor().newInstance();
          LOG.fine(() -> "RNN-T loss rows: " + kernel);
          return kernel;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
          LOG.log(Level.FINE, "RNN-T loss rows: the Vector API kernel failed to start; scalar kernel", e);
          return new ScalarRowKernel();
        }
      }
      LOG.fine(() -> "RNN-T loss rows: scalar kernel (" + why + ")");
      return new ScalarRowKernel();
    }

    /** Null when the vector kernel may be used, else why not. */
    private static String vectorUnavailableReason() {
      if (!Boolean.parseBoolean(System.getProperty("rnnt4j.vectorExp", "true"))) {
        return "-Drnnt4j.vectorExp=false";
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return "the JVM runs without --add-modules jdk.incubator.vector";
      }
      String arch = System.getProperty("os.arch", "");
      if (!arch.equals("amd64") && !arch.equals("x86_64")) {
        return "no vectorised exp on " + arch + " in this JDK";
      }
      return null;
    }
  }
}
