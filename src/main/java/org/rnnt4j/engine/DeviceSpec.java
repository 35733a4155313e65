package org.rnnt4j.engine;

import org.rnnt4j.util.Checks;

/**
 * The device a user asks for ({@code --device}), parsed when the flags are read and resolved to a
 * {@link Device} by {@link Engine#resolve} when the run starts, where CUDA's presence is known: a device
 * named outright, or {@link #AUTO}, the default of every command that runs a model, which takes CUDA
 * when libtorch sees a device and the CPU otherwise.
 */
public sealed interface DeviceSpec permits DeviceSpec.Named, DeviceSpec.Auto {
  /** The CPU. */
  DeviceSpec CPU = new Named(Device.CPU);

  /** CUDA device 0 when libtorch sees one (after {@code CUDA_VISIBLE_DEVICES}), else the CPU. */
  DeviceSpec AUTO = new Auto();

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

  /**
   * The first visible CUDA device, else the CPU. libtorch numbers the devices that {@code
   * CUDA_VISIBLE_DEVICES} leaves visible, so {@code CUDA_VISIBLE_DEVICES=1} makes physical GPU 1 the
   * {@code cuda:0} chosen here, as in PyTorch.
   */
  record Auto() implements DeviceSpec {
    @Override
    public String toString() {
      return "auto";
    }
  }

  /** A spec naming {@code device}. */
  static DeviceSpec of(Device device) {
    return new Named(device);
  }

  /**
   * Parses a {@code --device} value: {@code auto}, {@code cpu}, {@code cuda} (= {@code cuda:0}) or
   * {@code cuda:N}; an unknown one is an {@link IllegalArgumentException} listing the accepted forms.
   */
  static DeviceSpec parse(String text) {
    Checks.notNull(text, "device");
    if (text.trim().equalsIgnoreCase("auto")) {
      return AUTO;
    }
    try {
      return new Named(Device.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("device must be auto, cpu, cuda or cuda:N, got '" + text + "'", e);
    }
  }
}
