package org.rnnt4j.engine;

import org.rnnt4j.util.Checks;

/**
 * The device a user asks for ({@code --device}), parsed when the flags are read and resolved to a
 * {@link Device} by {@link Engine#resolve} when the run starts (where CUDA's presence is known). Today
 * every spec names its device outright; the type leaves room for specs that choose one at run time
 * (an {@code auto} that takes CUDA when present).
 */
public sealed interface DeviceSpec permits DeviceSpec.Named {
  /** The CPU, the default of every command. */
  DeviceSpec CPU = new Named(Device.CPU);

  /**
   * A device named outright: {@code cpu}, {@code cuda} or {@code cuda:N}.
   *
   * @param device the device asked for
   */
  record Named(Device device) implements DeviceSpec {
    public Named {
      Checks.notNull(device, "device");
    }

    @Override
    public String toString() {
      return device.toString();
    }
  }

  /** A spec naming {@code device}. */
  static DeviceSpec of(Device device) {
    return new Named(device);
  }

  /**
   * Parses a {@code --device} value: {@code cpu}, {@code cuda} (= {@code cuda:0}) or {@code cuda:N}; an
   * unknown one is an {@link IllegalArgumentException} listing the accepted forms.
   */
  static DeviceSpec parse(String text) {
    Checks.notNull(text, "device");
    return new Named(Device.parse(text));
  }
}
