package org.rnnt4j.cli;

import java.util.logging.Logger;
import org.rnnt4j.util.BuildInfo;
import org.rnnt4j.util.ConfigException;
import org.rnnt4j.util.DataException;
import org.rnnt4j.util.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rnnt4j} command line: one entry point, one subcommand per job. */
@Command(
    name = "rnnt4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Train, evaluate and run NeMo-compatible RNN-Transducer speech recognisers on the JVM.",
    subcommands = {
      TrainCommand.class, EvaluateCommand.class, TranscribeCommand.class, InfoCommand.class, TokenizerCommand.class,
      DownloadCommand.class, LossCommand.class, BenchCommand.class, CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  static {
    // on a terminal each log line first clears the progress bar's line (it is redrawn below the log line)
    String clearBar = org.rnnt4j.progress.ProgressMode.detect() == org.rnnt4j.progress.ProgressMode.BAR ? "\r\u001B[K" : "";
    System.setProperty("java.util.logging.SimpleFormatter.format", clearBar + "%1$tT %4$s %5$s%6$s%n");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit code (0 ok, 2 usage or input error, 1 failure). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    // As argparse (HfArgumentParser): a repeated flag takes its last value, so wrapper scripts can pass
    // defaults that the user's flags override.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof ConfigException
              || e instanceof DataException
              || e instanceof FormatException
              || e instanceof java.io.UncheckedIOException) {
            commandLine.getErr().println("rnnt4j: error: " + e.getMessage());
            return 2;
          }
          if (e instanceof org.rnnt4j.train.TrainingDivergedException) {
            commandLine.getErr().println("rnnt4j: error: " + e.getMessage());
            return 1;
          }
          Logger.getLogger("rnnt4j").severe("failed: " + e);
          throw e;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** {@code --version}: the POM's version, through {@link BuildInfo}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"rnnt4j " + BuildInfo.version()};
    }
  }
}
