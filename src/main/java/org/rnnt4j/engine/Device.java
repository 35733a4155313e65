package org.rnnt4j.engine;

import org.rnnt4j.util.Checks;

/**
 * Where tensors live: {@code cpu} or {@code cuda[:index]}, as given by {@code --device}.
 *
 * @param kind "cpu" or "cuda"
 * @param index the CUDA device index (0 for cpu)
 */
public record Device(String kind, int index) {
  public static final Device CPU = new Device("cpu", 0);

  public Device {
    Checks.argument(
        kind.equals("cpu") || kind.equals("cuda"), "device must be cpu or cuda[:N], got '%s'", kind);
    Checks.argument(index >= 0, "device index must be >= 0, got %s", index);
  }

  /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
  public static Device parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("cuda") || t.equals("gpu")) {
      return new Device("cuda", 0);
    }
    if (t.startsWith("cuda:")) {
      try {
        return new Device("cuda", Integer.parseInt(t.substring(5)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("device must be cpu, cuda or cuda:N, got '" + text + "'");
      }
    }
    throw new IllegalArgumentException("device must be cpu, cuda or cuda:N, got '" + text + "'");
  }

  public boolean isCuda() {
    return kind.equals("cuda");
  }

  org.bytedeco.pytorch.Device toNative() {
    return new org.bytedeco.pytorch.Device(isCuda() ? "cuda:" + index : "cpu");
  }

  @Override
  public String toString() {
    return isCuda() ? "cuda:" + index : "cpu";
  }
}
