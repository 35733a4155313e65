package org.rnnt4j.cli;

import org.rnnt4j.engine.DeviceSpec;
import picocli.CommandLine.Option;

/** {@code --device}, one declaration for every command that runs a model. */
final class DeviceOption {
  @Option(
      names = "--device",
      defaultValue = "cpu",
      converter = Converters.Device.class,
      description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  DeviceSpec device;
}
