package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.bench.DecodeBenchmark;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j bench decode}: decoding time of greedy_batch and the beam searches on randomly
 * initialised models built from NeMo confs (see {@link DecodeBenchmark} for the method); prints the JSON
 * report and writes it with {@code --output}.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Decoding wall time (median), real-time factor and utterances per second of greedy_batch, beam 4,"
            + " maes 4, malsd_batch 4 and maes_batch 4 on random-weight models from confs, blank bias set"
            + " for about one token per four frames.")
public final class BenchDecodeCommand implements Callable<Integer> {
  @Option(names = "--output", description = "Also write the JSON report to this file.")
  Path output;

  @Option(
      names = "--configs",
      split = ",",
      defaultValue = "conf/contextnet_rnnt_tiny.yaml,conf/conformer_transducer_bpe_small.yaml",
      description = "NeMo confs of the models (default: ${DEFAULT-VALUE}).")
  List<Path> configs;

  @Option(
      names = "--vocab_sizes",
      split = ",",
      defaultValue = "128,1024",
      description = "Tokens (without blank) per model, in --configs order (default: ${DEFAULT-VALUE}).")
  List<Integer> vocabSizes;

  @Option(
      names = "--audio_seconds",
      split = ",",
      defaultValue = "4,5,6,7,8,9,10,11",
      description = "One utterance per value: the batch's lengths in seconds (default: ${DEFAULT-VALUE}).")
  List<Double> audioSeconds;

  @Option(names = "--threads", defaultValue = "2", description = "libtorch threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per decoder after one warm-up (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--symbols_per_frame",
      defaultValue = "0.25",
      description = "Greedy tokens per encoder frame the blank bias is set for (default: ${DEFAULT-VALUE}).")
  double symbolsPerFrame;

  @Option(
      names = "--variants",
      split = ",",
      description = "Only these decoders, e.g. greedy_batch,malsd_batch_4 (default: the standard set).")
  List<String> variants;

  @Override
  public Integer call() {
    if (configs.size() != vocabSizes.size()) {
      throw new IllegalArgumentException(
          "--vocab_sizes needs one value per --configs entry, got " + vocabSizes.size() + " for " + configs.size());
    }
    List<DecodeBenchmark.ModelSpec> models = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      Path file = configs.get(i);
      ConfigNode model = ConfigNode.load(file).modelSection();
      String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      models.add(new DecodeBenchmark.ModelSpec(name, file.toString(), TransducerConfigBinder.bind(model), vocabSizes.get(i)));
    }
    DecodeBenchmark.Settings settings =
        new DecodeBenchmark.Settings(
            audioSeconds.stream().mapToDouble(Double::doubleValue).toArray(), threads, repeats, symbolsPerFrame,
            variants != null ? variants : DecodeBenchmark.standardVariants());
    Map<String, Object> report = DecodeBenchmark.run(models, settings);
    System.out.println(Json.pretty(report));
    if (output != null) {
      Json.write(output, report);
    }
    return 0;
  }
}
