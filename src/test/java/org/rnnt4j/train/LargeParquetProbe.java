package org.rnnt4j.train;

import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.data.pipeline.DatasetPreparation;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.data.pipeline.PreparedSplit;
import org.rnnt4j.data.text.TranscriptNormalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.util.Json;

/**
 * Run in a child JVM by {@link LargeParquetBenchmarkTest}: prepares the {@code train} split of a large
 * Parquet dataset (streamed through its row groups, encoded audio spilled to a temporary file, waveforms
 * not kept: only lengths) and then iterates one epoch of batches with two loader threads decoding lazily,
 * and prints its figures, peak resident memory (heap + native + everything) included, as one JSON line.
 */
public final class LargeParquetProbe {
  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args[0]);
    long start = System.nanoTime();
    DataArguments data =
        DataArguments.builder()
            .dataset(
                DatasetSelection.builder()
                    .datasetName(dataset.toString())
                    .transcriptNormalization(TranscriptNormalization.NONE)
                    .build())
            .maxDurationSeconds(1e9)
            .build();
    DatasetPreparation prep = new DatasetPreparation(data, 16000, HubEnvironment.from(Map.of(), Path.of("/nonexistent")), 0);
    PreparedSplit train = prep.train();
    double prepareSeconds = (System.nanoTime() - start) / 1e9;
    long afterPrepareRss = status("VmRSS");
    List<Example> examples = new ArrayList<>();
    for (Example e : train.examples()) {
      examples.add(e.withTokens(new int[] {1, 2, 3}));
    }
    List<List<Example>> batches = new ArrayList<>();
    for (int i = 0; i < examples.size(); i += 16) {
      batches.add(examples.subList(i, Math.min(examples.size(), i + 16)));
    }
    long iterateStart = System.nanoTime();
    long samples = 0;
    long maxHeap = 0;
    try (BatchLoader loader = new BatchLoader(2, 16000)) {
      Iterator<Batch.Host> it = loader.iterate(batches);
      while (it.hasNext()) {
        Batch.Host host = it.next();
        for (long l : host.audioLengths()) {
          samples += l;
        }
        Runtime rt = Runtime.getRuntime();
        maxHeap = Math.max(maxHeap, rt.totalMemory() - rt.freeMemory());
      }
    }
    double iterateSeconds = (System.nanoTime() - iterateStart) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", train.examples().size());
    out.put("audio_hours", Math.round(samples / 16000.0 / 36.0) / 100.0);
    out.put("prepare_seconds", Math.round(prepareSeconds));
    out.put("iterate_seconds", Math.round(iterateSeconds));
    out.put("iterate_audio_seconds_per_second", Math.round(samples / 16000.0 / iterateSeconds));
    out.put("peak_rss_mib", status("VmHWM") / 1024);
    out.put("rss_after_prepare_mib", afterPrepareRss / 1024);
    out.put("max_heap_used_mib", maxHeap >> 20);
    out.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    System.out.println("PROBE " + Json.compact(out));
  }

  /** A /proc/self/status field in KiB. */
  private static long status(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
