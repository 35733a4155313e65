package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.bench.BenchmarkShape;
import org.rnnt4j.bench.LossBenchmark;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j bench loss}: the transducer loss strategies at B=8, T=250, U=60, V=1025 (see {@link
 * LossBenchmark} for the method); prints the JSON report and writes it with {@code --output}.
 */
@Command(
    name = "loss",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Forward+backward wall time (median) and peak memory of the exact, fused and pruned"
            + " RNN-T losses and of the joint + loss step, B=8 T=250 U=60 V=1025 fp32, one child"
            + " JVM per variant.")
public final class BenchLossCommand implements Callable<Integer> {
  @Option(names = "--output", description = "Also write the JSON report to this file.")
  Path output;

  @Option(names = "--threads", defaultValue = "2", description = "Threads (loss kernel and libtorch) (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per variant after one warm-up (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--variants",
      split = ",",
      description = "Only these variants, e.g. loss/exact,step/pruned_s4 (default: all of the report).")
  List<String> variants;

  @Option(
      names = "--shape",
      defaultValue = "8,250,60,1025",
      description = "B,T,U,V of the logits (default: ${DEFAULT-VALUE}, the report's; small shapes for a smoke test).")
  String shape;

  @Option(names = "--child", hidden = true, description = "Internal: measure one variant in this process.")
  String child;

  @Override
  public Integer call() {
    if (threads < 1 || repeats < 1) {
      throw new IllegalArgumentException(
          "--threads and --repeats must be >= 1, got " + threads + " and " + repeats);
    }
    if (child != null) {
      LossBenchmark.runChild(child, BenchmarkShape.parse(shape), threads, repeats);
      return 0;
    }
    List<String> names = variants != null ? variants : LossBenchmark.standardVariants();
    Map<String, Object> report = LossBenchmark.run(childCommand(), names, BenchmarkShape.parse(shape), threads, repeats);
    System.out.println(Json.pretty(report));
    if (output != null) {
      Json.write(output, report);
    }
    return 0;
  }

  /** This JVM's java binary and class path, running {@link Main}. */
  private static List<String> childCommand() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx2g");
    command.add("-XX:+UseSerialGC"); // no concurrent collector threads or their memory in the figures
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.add("--add-modules=jdk.incubator.vector"); // the loss kernel's vector exp, as in this JVM
    }
    String vectorExp = System.getProperty("rnnt4j.vectorExp");
    if (vectorExp != null) {
      command.add("-Drnnt4j.vectorExp=" + vectorExp);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    return command;
  }
}
