package org.rnnt4j.cli;

import org.rnnt4j.engine.DeviceSpec;
import picocli.CommandLine.Option;

/** {@code --device}, one declaration for every command that runs a model. */
final class DeviceOption {
  @Option(
      names = "--device",
      defaultValue = "auto",
      converter = Converters.Device.class,
      description = "auto (CUDA when libtorch sees a device, honouring CUDA_VISIBLE_DEVICES, else the CPU), cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  DeviceSpec device;
}
