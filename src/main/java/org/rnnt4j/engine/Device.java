package org.rnnt4j.engine;

import java.util.Locale;
import org.rnnt4j.util.Checks;

/**
 * Where tensors live: {@code cpu} or {@code cuda:N}. What a user asks for with {@code --device} is a
 * {@link DeviceSpec}, resolved to a Device by {@link Engine#resolve}.
 *
 * @param kind the processor kind
 * @param index the CUDA device index (0 for cpu)
 */
public record Device(Kind kind, int index) {
  public static final Device CPU = new Device(Kind.CPU, 0);

  /** The processor kinds libtorch runs rnnt4j's tensors on. */
  public enum Kind {
    CPU,
    CUDA
  }

  public Device {
    Checks.notNull(kind, "device kind");
    Checks.argument(index >= 0, "device index must be >= 0, got %s", index);
    Checks.argument(kind == Kind.CUDA || index == 0, "a cpu device has no index, got %s", index);
  }

  /** CUDA device {@code index}. */
  public static Device cuda(int index) {
    return new Device(Kind.CUDA, index);
  }

  /** Parses {@code cpu}, {@code cuda} (= {@code cuda:0}, also {@code gpu}) or {@code cuda:N}. */
  public static Device parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("cuda") || t.equals("gpu")) {
      return cuda(0);
    }
    if (t.startsWith("cuda:")) {
      try {
        int index = Integer.parseInt(t.substring(5));
        if (index >= 0) {
          return cuda(index);
        }
      } catch (NumberFormatException e) {
        // reported below with the accepted forms
      }
    }
    throw new IllegalArgumentException("device must be cpu, cuda or cuda:N, got '" + text + "'");
  }

  public boolean isCuda() {
    return kind == Kind.CUDA;
  }

  org.bytedeco.pytorch.Device toNative() {
    return new org.bytedeco.pytorch.Device(toString());
  }

  @Override
  public String toString() {
    return isCuda() ? "cuda:" + index : "cpu";
  }
}
