package org.rnnt4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.TokenizerFiles;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LinearSchedule;

/**
 * The time a checkpoint save adds to training ({@code benchmarks/data.json}, key {@code checkpoint_save}):
 * {@link CheckpointListener#onSave} end to end (host copies of the weights and AdamW's moments, the
 * generators, writing every file with its SHA-256 into a temporary folder, fsync, rename, rotation) for
 * the tiny ContextNet and Conformer-small (the 128-piece test tokenizer: the joint is smaller than with
 * 1024 pieces), after one AdamW update so that every moment exists. Median of 3 saves into a temporary
 * directory: wall time, the saving thread's CPU time (which a loaded shared machine inflates less), and
 * the host copies alone. Run with {@code mvn -Pbenchmark test -Dtest=CheckpointSaveBenchmarkTest}.
 */
@Tag("benchmark")
class CheckpointSaveBenchmarkTest {
  private static Map<String, Object> measure(String conf, Path out) throws Exception {
    Engine.seed(1);
    TokenizerFiles tokenizer = TokenizerFiles.read(Path.of("src/test/resources/nemo/tokenizer_spe_bpe_v128"));
    ConfigNode modelConfig = ConfigNode.load(Path.of(conf)).modelSection();
    Transducer model = Transducers.build(TransducerConfigBinder.bind(modelConfig), tokenizer.tokenizer().vocabSize(), 1);
    AdamW optimizer = new AdamW(model.namedParameters(), model.namedParameters().keySet(), 0.9, 0.98, 1e-8, 1e-3);
    Tensor loss = Tensor.scalar(0f);
    for (Tensor p : model.parameters()) {
      loss = loss.add(p.square().sum());
    }
    loss.backward();
    optimizer.step(1e-4);
    optimizer.zeroGrad();
    TrainerState state = new TrainerState(10, 100, 100, 8, 1.0);
    CheckpointListener listener = new CheckpointListener(out, 2, model, null, modelConfig, tokenizer, Map.of("benchmark", true));
    List<Double> seconds = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> snapshot = new ArrayList<>();
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 1; i <= 3; i++) {
      state.advance(i, 0);
      SavePoint point = new SavePoint(optimizer, new LinearSchedule(1e-3, 1, 100), new SamplerPosition(1, 0, i * 8L, i * 8L), List.of());
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      listener.onSave(state, point);
      seconds.add((System.nanoTime() - start) / 1e9);
      cpu.add((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
      // the host copies alone (weights, moments), the part a background writer could not hide
      start = System.nanoTime();
      org.rnnt4j.checkpoint.ModelWeights.of(model, null);
      org.rnnt4j.checkpoint.training.OptimizerState.of(optimizer);
      snapshot.add((System.nanoTime() - start) / 1e9);
    }
    Collections.sort(snapshot);
    Collections.sort(cpu);
    long bytes;
    try (var files = Files.walk(out.resolve("checkpoint-3"))) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    Collections.sort(seconds);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("conf", conf);
    figures.put("parameters", model.parameterCount());
    figures.put("checkpoint_bytes", bytes);
    figures.put("save_seconds_median", seconds.get(1));
    figures.put("save_seconds_all", seconds);
    figures.put("save_thread_cpu_seconds_median", cpu.get(1));
    figures.put("host_copy_seconds_median", snapshot.get(1));
    System.out.println("checkpoint save " + figures);
    return figures;
  }

  @Test
  void checkpointSaveTime(@TempDir Path tmp) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("machine", BenchmarkFigures.machine());
    figures.put("load_average_before", Files.readString(Path.of("/proc/loadavg")).trim());
    figures.put("contextnet_tiny", measure("conf/contextnet_rnnt_tiny.yaml", tmp.resolve("tiny")));
    figures.put("conformer_small", measure("conf/conformer_transducer_bpe_small.yaml", tmp.resolve("small")));
    figures.put("load_average_after", Files.readString(Path.of("/proc/loadavg")).trim());
    BenchmarkFigures.put("checkpoint_save", figures);
  }
}
