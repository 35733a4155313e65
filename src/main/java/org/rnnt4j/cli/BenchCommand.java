package org.rnnt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rnnt4j bench}: performance measurements, one subcommand per subject. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (wall time and peak memory).",
    subcommands = {BenchLossCommand.class, BenchTrainCommand.class, BenchDecodeCommand.class, BenchPeakCommand.class, BenchGpuCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
