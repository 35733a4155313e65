package org.rnnt4j.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.Json;

/**
 * Steps per second of the dummy run (tiny ContextNet, 8 utterances, global batch 4, one libtorch thread
 * per process) with one process and with two processes of batch 2 on loopback (Gloo), from each run's
 * {@code train_steps_per_second}; writes {@code benchmarks/ddp.json}. On a machine with 2 cores the two
 * processes share them with the JVMs' own threads, so the figure shows the overhead more than a speed-up.
 */
@Tag("benchmark")
class DataParallelBenchmarkTest {
  private static final int STEPS = 60;

  private static double stepsPerSecond(Path out) {
    JsonNode history = Json.read(out.resolve("trainer_state.json")).get("log_history");
    return history.get(history.size() - 1).get("train_steps_per_second").doubleValue();
  }

  @Test
  void stepsPerSecondOneVersusTwoProcesses(@TempDir Path tmp) throws Exception {
    Path conf = DataParallelTrainingTest.deterministicConf(tmp);
    Path tokenizers = tmp.resolve("tokenizers");
    List<String> one = DataParallelTrainingTest.args(conf, tokenizers, tmp.resolve("one"), 4, 1, 100000);
    one.set(one.indexOf("--max_steps") + 1, Integer.toString(STEPS));
    one.set(one.indexOf("--logging_steps") + 1, "20");
    List<String> two = DataParallelTrainingTest.args(conf, tokenizers, tmp.resolve("two"), 2, 1, 100000);
    two.set(two.indexOf("--max_steps") + 1, Integer.toString(STEPS));
    two.set(two.indexOf("--logging_steps") + 1, "20");
    DataParallelTrainingTest.train(one);
    DataParallelTrainingTest.train(DataParallelTrainingTest.twoProcesses(two));
    DataParallelTrainingTest.train(one); // again, after the JIT and the page cache warmed up the machine alike
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("run", "dummy run: tiny ContextNet, 8 utterances, global batch 4, " + STEPS
        + " steps, --sync_batchnorm, RNNT4J_THREADS=1, Gloo over loopback");
    figures.put("one_process_steps_per_second", stepsPerSecond(tmp.resolve("one")));
    figures.put("two_processes_steps_per_second", stepsPerSecond(tmp.resolve("two")));
    figures.put("machine", Runtime.getRuntime().availableProcessors() + " cores, load average "
        + String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ", Java "
        + System.getProperty("java.version"));
    Path file = Path.of("benchmarks/ddp.json");
    Files.createDirectories(file.getParent());
    Json.write(file, Json.mapper().valueToTree(figures));
    System.out.println(figures);
  }
}
