package org.rnnt4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rnnt4j.loading.ModelLoading;
import org.rnnt4j.loading.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rnnt4j info M}: the architecture, parameter counts per module, vocabulary and sample rate of a
 * saved model (see {@link ModelSummary}).
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Describe a saved model: architecture, parameters per module, vocabulary, sample rate.")
public final class InfoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "M", description = "A .nemo, an rnnt4j model directory or a Hub id in the local Hugging Face cache.")
  String model;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelSummary.of(ModelLoading.open(model, 0)).lines().forEach(out::println);
    out.flush();
    return 0;
  }
}
