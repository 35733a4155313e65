package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnt4j.audio.AudioClip;
import org.rnnt4j.audio.AudioDecoder;
import org.rnnt4j.audio.Resampler;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.MelConfig;
import org.rnnt4j.features.Preprocessor;

/**
 * How fast the data pipeline turns encoded audio into model features, per format, on two worker threads
 * (the machine's two cores): decode from bytes, down-mix, resample to 16 kHz, and NeMo's log-mel
 * preprocessor, one utterance at a time as the batch loader does. Reports seconds of audio per second of
 * wall time into {@code benchmarks/data.json}. {@code mvn -Pbenchmark test -Dtest=DataThroughputBenchmarkTest}
 */
@Tag("benchmark")
class DataThroughputBenchmarkTest {
  private static final Path AUDIO = Path.of("src/test/resources/audio_formats");
  private static final int WORKERS = 2;
  private static final double SECONDS_PER_FORMAT = 8.0;

  @Test
  void decodeResampleFeaturesPerFormat() throws Exception {
    Engine.init();
    Engine.setThreads(1); // one intra-op thread per worker: two workers use the two cores
    Map<String, String> files = new LinkedHashMap<>();
    files.put("flac", "2412-153948-0000.flac");
    files.put("flac_48k_stereo_s24", "ls4s_48k_stereo_s24.flac");
    files.put("mp3_44k", "ls4s_44k.mp3");
    files.put("wav_22k", "LJ002-0020.wav");
    files.put("wav_f32", "ls4s_f32.wav");
    Preprocessor preprocessor = new Preprocessor(MelConfig.nemoDefaults(16000, 0));
    preprocessor.train(false);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("machine", BenchmarkFigures.machine());
    figures.put("workers", WORKERS);
    figures.put("what", "seconds of audio per second of wall time: decode from bytes + resample to 16 kHz (+ log-mel features)");
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] bytes = Files.readAllBytes(AUDIO.resolve(f.getValue()));
        AudioClip probe = AudioDecoder.decodeMono(bytes, f.getValue());
        double clipSeconds = probe.samples().length / (double) probe.sampleRate();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", f.getValue());
        row.put("source_rate", probe.sampleRate());
        row.put("clip_seconds", Math.round(clipSeconds * 100) / 100.0);
        row.put("decode_resample_x", Math.round(run(pool, bytes, f.getValue(), clipSeconds, null)));
        row.put("decode_resample_features_x", Math.round(run(pool, bytes, f.getValue(), clipSeconds, preprocessor)));
        System.out.println(f.getKey() + ": " + row);
        figures.put(f.getKey(), row);
        // a floor only: the shared machine is noisy, and the figures are what matters
        assertTrue(((Number) row.get("decode_resample_x")).doubleValue() > 20, f.getKey() + " is too slow: " + row);
      }
    } finally {
      pool.shutdownNow();
    }
    BenchmarkFigures.put("decode_resample_features", figures);
  }

  /** Seconds of audio per wall second over about {@link #SECONDS_PER_FORMAT} seconds, after a warm-up. */
  private static double run(ExecutorService pool, byte[] bytes, String name, double clipSeconds, Preprocessor features) throws Exception {
    work(bytes, name, features); // warm-up: JIT, codec and libtorch initialisation
    long start = System.nanoTime();
    long deadline = start + (long) (SECONDS_PER_FORMAT * 1e9);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      futures.add(pool.submit(() -> {
        int n = 0;
        while (System.nanoTime() < deadline) {
          work(bytes, name, features);
          n++;
        }
        return n;
      }));
    }
    int clips = 0;
    for (Future<Integer> f : futures) {
      clips += f.get();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return clips * clipSeconds / wall;
  }

  private static void work(byte[] bytes, String name, Preprocessor features) {
    float[] samples = Resampler.resample(AudioDecoder.decodeMono(bytes, name), 16000).samples();
    if (features == null) {
      return;
    }
    try (TensorScope scope = new TensorScope(); NoGrad ng = new NoGrad()) {
      features.forward(Tensor.of(samples, 1, samples.length), Tensor.ofLongs(new long[] {samples.length}, 1)); // (1, D, T)
    }
  }
}
