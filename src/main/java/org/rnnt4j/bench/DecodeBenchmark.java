package org.rnnt4j.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.decoding.Decoders;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.decoding.TransducerDecoder;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * {@code rnnt4j bench decode}: wall time of the decoding strategies (greedy_batch, beam 4, maes 4,
 * malsd_batch 4, maes_batch 4) on models built from confs with random weights, in this process.
 *
 * <p>Method, per model: build it (seed 42, eval mode), make a batch of random audio of the given
 * lengths (seed 42, zero past each length), run the preprocessor and encoder once to warm up and {@code
 * repeats} times timed (reported for context), then raise the joint's blank bias until greedy decoding
 * emits about {@code target} tokens per frame (see {@link BlankBias}). Each decoder then decodes the
 * encoder output once to warm up and {@code repeats} times timed: the median is the decoding time, the
 * real-time factor is it over the batch's audio seconds, and tokens per frame are counted on the best
 * hypotheses. Decoding time excludes the encoder.
 */
public final class DecodeBenchmark {
  private static final Logger LOG = Logger.getLogger(DecodeBenchmark.class.getName());
  private static final double MIB = 1024.0 * 1024.0;

  /** A model to measure: its name in the report, the conf it was built from, and its vocabulary size (tokens without the blank). */
  public record ModelSpec(String name, String configFile, TransducerConfig config, int vocabSize) {
    public ModelSpec {
      Checks.argument(vocabSize >= 2, "vocabulary size must be >= 2, got %s", vocabSize);
    }
  }

  /**
   * @param audioSeconds one utterance per entry: the batch
   * @param targetSymbolsPerFrame the greedy emission rate the blank bias is set for
   * @param variants e.g. {@code greedy_batch}, {@code maes_4}
   */
  public record Settings(double[] audioSeconds, int threads, int repeats, double targetSymbolsPerFrame, List<String> variants) {
    public Settings {
      Checks.argument(audioSeconds.length >= 1, "need at least one utterance");
      for (double s : audioSeconds) {
        Checks.argument(s > 0, "audio lengths must be > 0 seconds, got %s", s);
      }
      Checks.argument(threads >= 1 && repeats >= 1, "threads and repeats must be >= 1, got %s and %s", threads, repeats);
      Checks.argument(targetSymbolsPerFrame > 0, "symbols per frame must be > 0, got %s", targetSymbolsPerFrame);
      variants.forEach(DecodeVariant::parse);
    }
  }

  private DecodeBenchmark() {}

  public static List<String> standardVariants() {
    return DecodeVariant.standardSet().stream().map(DecodeVariant::name).toList();
  }

  public static Map<String, Object> run(List<ModelSpec> models, Settings settings) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "rnnt4j bench decode");
    report.put("schema_version", 1);
    report.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    report.put("threads", settings.threads());
    report.put("repeats", settings.repeats());
    report.put("batch", settings.audioSeconds().length);
    report.put("audio_seconds", settings.audioSeconds());
    report.put("total_audio_seconds", Arrays.stream(settings.audioSeconds()).sum());
    report.put("target_symbols_per_frame", settings.targetSymbolsPerFrame());
    report.put("weights", "random (seed 42), eval mode; the joint's blank bias raised until greedy_batch emits about the target tokens per frame");
    report.put("device", "cpu");
    report.put("machine", MachineFacts.describe(true));
    report.put(
        "method",
        "in-process; per model: encoder output computed once (its time reported apart), then per decoder one"
            + " warm-up decode and `repeats` timed decodes of the whole batch: seconds.median;"
            + " real_time_factor = median / total_audio_seconds; utterances_per_second = batch / median;"
            + " symbols_per_frame = tokens of the best hypotheses / valid encoder frames; cpu_seconds_median = the"
            + " process's CPU time (all threads) of the median run, cpu_real_time_factor = it / total_audio_seconds;"
            + " memory_mib: the process's"
            + " VmRSS before the decoder's first run and after its last, and VmHWM over its runs (peak reset through"
            + " /proc/self/clear_refs where allowed, else peak_since_start)");
    List<Object> results = new ArrayList<>();
    for (ModelSpec m : models) {
      results.add(measure(m, settings));
    }
    report.put("machine_after", MachineFacts.describe(false));
    report.put("models", results);
    report.put("summary", summary(results, Arrays.stream(settings.audioSeconds()).sum()));
    return report;
  }

  static Map<String, Object> measure(ModelSpec spec, Settings settings) {
    Engine.setThreads(settings.threads());
    Engine.seed(42);
    Transducer model = Transducers.build(spec.config(), spec.vocabSize(), 42);
    model.train(false);
    double total = Arrays.stream(settings.audioSeconds()).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", spec.name());
    out.put("config", spec.configFile());
    out.put("parameters", model.parameterCount());
    out.put("vocab_size", spec.vocabSize());
    try (NoGrad ignored = new NoGrad();
        TensorScope scope = new TensorScope()) {
      Tensor[] audio = audio(settings.audioSeconds(), model.sampleRate());
      double[] encoderRuns = new double[settings.repeats()];
      Encoded encoded;
      // each encoder run's activations (attention maps included) are freed with its own scope; only the
      // output the decoders read is kept
      try (TensorScope run = new TensorScope()) {
        Encoded e = model.transcribe(model.features(audio[0], audio[1]));
        encoded = new Encoded(scope.adopt(e.values()), scope.adopt(e.lengths()));
      }
      for (int r = 0; r < settings.repeats(); r++) {
        try (TensorScope run = new TensorScope()) {
          long start = System.nanoTime();
          Encoded e = model.transcribe(model.features(audio[0], audio[1]));
          e.lengths().toLongArray(); // waits for the device
          encoderRuns[r] = (System.nanoTime() - start) / 1e9;
        }
      }
      long frames = Arrays.stream(encoded.lengths().toLongArray()).sum();
      out.put("encoder_frames", frames);
      out.put("encoder_frames_per_second", round(frames / total, 3));
      out.put("encoder", timing(encoderRuns, Double.NaN, total));
      double bias;
      try (TensorScope run = new TensorScope()) {
        bias = BlankBias.calibrate(model, encoded, settings.targetSymbolsPerFrame());
      }
      out.put("blank_bias", round(bias, 4));
      List<Object> variants = new ArrayList<>();
      for (String name : settings.variants()) {
        variants.add(measureVariant(model, encoded, DecodeVariant.parse(name), settings, total));
      }
      out.put("variants", variants);
    }
    return out;
  }

  private static Map<String, Object> measureVariant(
      Transducer model, Encoded encoded, DecodeVariant variant, Settings settings, double total) {
    TransducerDecoder decoder = Decoders.create(variant.options());
    boolean peakReset = ProcessMemory.resetPeak();
    long residentBefore = ProcessMemory.residentBytes();
    long start = System.nanoTime();
    List<Hypotheses> decoded;
    try (TensorScope run = new TensorScope()) {
      decoded = decoder.decode(model, encoded); // host data: nothing of the run outlives its scope
    }
    double first = (System.nanoTime() - start) / 1e9;
    double[] runs = new double[settings.repeats()];
    double[] cpu = new double[settings.repeats()];
    for (int r = 0; r < runs.length; r++) {
      try (TensorScope run = new TensorScope()) {
        long cpuStart = processCpuNanos();
        start = System.nanoTime();
        decoded = decoder.decode(model, encoded);
        runs[r] = (System.nanoTime() - start) / 1e9;
        cpu[r] = (processCpuNanos() - cpuStart) / 1e9;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", variant.name());
    out.put("strategy", variant.strategy().nemoName());
    out.put("beam_size", variant.strategy().isBeamSearch() ? variant.beamSize() : null);
    Map<String, Object> t = timing(runs, first, total);
    out.putAll(t);
    double median = median(runs);
    out.put("utterances_per_second", round(settings.audioSeconds().length / median, 3));
    // on a shared machine wall time also counts other processes' turns; the process's CPU time does not
    out.put("cpu_seconds_median", round(median(cpu), 4));
    out.put("cpu_real_time_factor", round(median(cpu) / total, 5));
    out.put("symbols_per_frame", round(BlankBias.symbolsPerFrame(model, encoded, decoded), 4));
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("resident_before", round(residentBefore / MIB, 1));
    memory.put("resident_after", round(ProcessMemory.residentBytes() / MIB, 1));
    memory.put(peakReset ? "peak" : "peak_since_start", round(ProcessMemory.peakResidentBytes() / MIB, 1));
    out.put("memory_mib", memory);
    LOG.info(variant.name() + ": " + t + ", memory MiB " + memory);
    return out;
  }

  /** Random audio (seed 42) zero past each length: (B, S) and lengths (B). */
  private static Tensor[] audio(double[] seconds, int sampleRate) {
    int batch = seconds.length;
    long[] lengths = new long[batch];
    long max = 0;
    for (int b = 0; b < batch; b++) {
      lengths[b] = Math.round(seconds[b] * sampleRate);
      max = Math.max(max, lengths[b]);
    }
    float[] mask = new float[(int) (batch * max)];
    for (int b = 0; b < batch; b++) {
      Arrays.fill(mask, (int) (b * max), (int) (b * max + lengths[b]), 0.1f);
    }
    Tensor audio = Tensor.randn(batch, max).mul(Tensor.of(mask, batch, max)); // (B, S)
    return new Tensor[] {audio, Tensor.ofLongs(lengths, batch)};
  }

  private static Map<String, Object> timing(double[] runs, double first, double audioSeconds) {
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    Map<String, Object> seconds = new LinkedHashMap<>();
    seconds.put("median", round(median(runs), 4));
    seconds.put("min", round(sorted[0], 4));
    seconds.put("max", round(sorted[sorted.length - 1], 4));
    seconds.put("runs", Arrays.stream(runs).map(r -> round(r, 4)).toArray());
    if (!Double.isNaN(first)) {
      seconds.put("first_run", round(first, 4));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seconds", seconds);
    out.put("real_time_factor", round(median(runs) / audioSeconds, 5));
    return out;
  }

  /** Per model: greedy_batch's real-time factor and each batched search's time over greedy_batch's. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> summary(List<Object> models, double audioSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object o : models) {
      Map<String, Object> m = (Map<String, Object>) o;
      Map<String, Double> medians = new LinkedHashMap<>();
      for (Object v : (List<Object>) m.get("variants")) {
        Map<String, Object> variant = (Map<String, Object>) v;
        medians.put((String) variant.get("name"), (Double) ((Map<String, Object>) variant.get("seconds")).get("median"));
      }
      Map<String, Object> s = new LinkedHashMap<>();
      Double greedy = medians.get("greedy_batch");
      if (greedy != null) {
        s.put("greedy_batch_real_time_factor", round(greedy / audioSeconds, 5));
        medians.forEach(
            (name, seconds) -> {
              if (!name.equals("greedy_batch")) {
                s.put(name + "_over_greedy_batch", round(seconds / greedy, 2));
              }
            });
      }
      out.put((String) m.get("name"), s);
    }
    out.put("greedy_batch_real_time_factor_limit_conformer_small", 0.02);
    out.put("malsd_batch_4_over_greedy_batch_limit", 4.0);
    return out;
  }

  /** CPU time of the whole process (every thread, libtorch's included), or -1 where the JVM cannot say. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  private static double median(double[] runs) {
    double[] s = runs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
