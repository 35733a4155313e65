package org.rnnt4j.data.pipeline;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.DurationFilter;
import org.rnnt4j.data.EmptyTranscriptFilter;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.data.Filtered;
import org.rnnt4j.data.MaxSamples;
import org.rnnt4j.data.NemoManifests;
import org.rnnt4j.data.SplitExpression;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.data.hub.DatasetResolver;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.progress.Progress;
import org.rnnt4j.data.text.IgnoredSegmentFilter;
import org.rnnt4j.data.text.RecipeDataset;
import org.rnnt4j.data.text.TranscriptCleanup;
import org.rnnt4j.data.text.TranscriptNormalization;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * Turns the data flags into prepared splits, in the Python recipe's order: find the dataset ({@code
 * --dataset_name}: a local folder, a save_to_disk folder or the Hugging Face cache, downloading only with
 * {@code --download}), load, cap the sample count ({@code --max_*_samples}), drop ignored segments, clean
 * transcripts (lower-case, the dataset's rules, whitespace), decode every clip once at the model's rate to
 * learn its length (bad clips are skipped with a warning naming the file and row, and counted, or fail with
 * {@code --fail_on_bad_samples}), then filter by duration and drop empty transcripts. Every step reports
 * what it dropped. Unlike the recipe, the duration filter applies to training data only unless {@code
 * --max_eval_duration_in_seconds} is given, so test WERs stay comparable.
 *
 * <p>Decoding runs on {@code --preprocessing_num_workers} threads a bounded window ahead, and waveforms are
 * kept only while all splits together stay under {@value #CACHE_SAMPLES} samples (256 MiB): beyond that
 * only lengths are kept and the batch loader decodes again, so a split larger than memory streams.
 */
public final class DatasetPreparation {
  private static final Logger LOG = Logger.getLogger(DatasetPreparation.class.getName());
  /** Waveforms kept in memory across all splits of one preparation (64 Mi samples = 256 MiB of floats). */
  static final long CACHE_SAMPLES = 1L << 26;

  private final DataArguments args;
  private final DatasetSelection source;
  private final int sampleRate;
  private final HubEnvironment hub;
  private final long cacheBudget;
  private DatasetResolver.Resolved dataset;
  private long cachedSamples;

  public DatasetPreparation(DataArguments args, int sampleRate) {
    this(args, sampleRate, HubEnvironment.fromSystem(), CACHE_SAMPLES);
  }

  /** @param cacheBudget waveform samples kept in memory across splits; the rest is decoded when batched */
  public DatasetPreparation(DataArguments args, int sampleRate, HubEnvironment hub, long cacheBudget) {
    this.args = args;
    this.source = args.dataset();
    this.sampleRate = sampleRate;
    this.hub = hub;
    this.cacheBudget = cacheBudget;
  }

  /** The training split (train split name, or --train_manifest). */
  public PreparedSplit train() {
    return prepare("train", load(selected(args.train(), "training")), args.train());
  }

  /** The evaluation split (eval split name, or --eval_manifest). */
  public PreparedSplit eval() {
    return prepare("eval", load(selected(args.eval(), "evaluation")), args.eval());
  }

  /** Each test set: the names of --test_split_name joined by '+', or each --test_manifest file. */
  public List<PreparedSplit> tests() {
    SplitSelection test = selected(args.test(), "test");
    List<PreparedSplit> out = new ArrayList<>();
    if (test.fromManifest()) {
      for (String path : test.manifest().split(",")) {
        String name = Path.of(path.trim()).getFileName().toString().replaceFirst("\\.json(l)?$", "");
        out.add(prepare(name, NemoManifests.read(path.trim()), test));
      }
      return out;
    }
    for (String split : test.splitName().split("\\+")) {
      out.add(prepare(split.trim(), dataset().source().load(split.trim()), test));
    }
    return out;
  }

  private static SplitSelection selected(SplitSelection split, String role) {
    Checks.argument(split != null, "no %s data selected", role);
    return split;
  }

  private List<Utterance> load(SplitSelection split) {
    return split.fromManifest() ? NemoManifests.read(split.manifest()) : dataset().source().load(split.splitName());
  }

  private DatasetResolver.Resolved dataset() {
    if (dataset == null) {
      if (source.datasetName() == null) {
        throw new IllegalArgumentException("no --dataset_name given and no manifest for this split");
      }
      ColumnNames columns = new ColumnNames(source.audioColumnName(), source.textColumnName());
      HubEnvironment env = source.cacheDir() == null ? hub : new HubEnvironment(source.cacheDir(), hub.endpoint(), hub.token(), hub.offline());
      DatasetResolver resolver = new DatasetResolver(env, null);
      dataset = source.download()
          ? resolver.downloadAndOpen(source.datasetName(), source.datasetConfigName(), columns, splitNames(), LOG::info)
          : resolver.open(source.datasetName(), source.datasetConfigName(), columns);
      LOG.info("dataset " + source.datasetName() + ": " + dataset.source().description() + " (" + dataset.origin() + ")");
    }
    return dataset;
  }

  /** Every split the flags name, for a download. */
  private List<String> splitNames() {
    Set<String> names = new LinkedHashSet<>();
    for (SplitSelection split : Arrays.asList(args.train(), args.eval(), args.test())) {
      if (split != null && split.splitName() != null) {
        names.addAll(SplitExpression.parse(split.splitName()).splitNames());
      }
    }
    return List.copyOf(names);
  }

  private Optional<RecipeDataset> recipeDataset(boolean fromManifest) {
    // manifests hold text the recipe already cleaned (its build_manifest); only an explicit choice applies
    TranscriptNormalization rules = source.transcriptNormalization();
    if (fromManifest) {
      return rules instanceof TranscriptNormalization.Auto ? Optional.empty() : rules.datasetFor(null);
    }
    return rules.datasetFor(dataset().datasetId());
  }

  private PreparedSplit prepare(String name, List<Utterance> raw, SplitSelection split) {
    List<FilterReport> reports = new ArrayList<>();
    List<Utterance> utterances = raw;
    if (split.maxSamples() != null) {
      utterances = step(new MaxSamples(split.maxSamples()).apply(utterances), reports);
    }
    utterances = step(new IgnoredSegmentFilter().apply(utterances), reports);
    boolean fromManifest = !raw.isEmpty() && raw.get(0).source().kind() == org.rnnt4j.data.SourceLocation.Kind.LINE;
    Optional<RecipeDataset> recipe = recipeDataset(fromManifest || source.datasetName() == null);
    utterances = step(new TranscriptCleanup(source.doLowerCase(), recipe).apply(utterances), reports);
    double trimSeconds = recipe.map(RecipeDataset::trimEndSeconds).orElse(0.0);
    Decoded decoded = decodeAll(name, utterances, (int) (trimSeconds * sampleRate));
    reports.add(decoded.report());
    utterances = decoded.utterances().stream().map(Example::utterance).toList();
    if (split.maxDurationSeconds() != null) {
      utterances =
          step(
              new DurationFilter(split.minDurationSeconds(), split.maxDurationSeconds(), DurationFilter.Bounds.EXCLUSIVE)
                  .apply(utterances),
              reports);
    }
    utterances = step(new EmptyTranscriptFilter().apply(utterances), reports);
    java.util.Set<Utterance> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    kept.addAll(utterances);
    List<Example> examples = new ArrayList<>();
    for (Example e : decoded.utterances()) {
      if (kept.contains(e.utterance())) {
        examples.add(e);
      }
    }
    for (FilterReport r : reports) {
      if (!r.dropped().isEmpty() || !r.notes().isEmpty()) {
        LOG.info(name + ": " + r.summary());
      }
    }
    LOG.info(String.format("%s: %d utterances kept of %d (%d bad)", name, examples.size(), raw.size(), decoded.bad()));
    return new PreparedSplit(name, examples, reports, decoded.bad());
  }

  private static List<Utterance> step(Filtered filtered, List<FilterReport> reports) {
    reports.add(filtered.report());
    return filtered.kept();
  }

  /** Examples with their decoded lengths (utterance durations updated), in order; bad clips counted. */
  private record Decoded(List<Example> utterances, long bad, FilterReport report) {}

  private Decoded decodeAll(String split, List<Utterance> utterances, int trimSamples) {
    FilterReport.Counter counter = new FilterReport.Counter("audio decoding");
    int workers = source.preprocessingNumWorkers();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "rnnt4j-prepare");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Example> kept = new ArrayList<>();
      ArrayDeque<Future<float[]>> pending = new ArrayDeque<>();
      int window = 4 * workers;
      int submitted = 0;
      long bad = 0;
      try (Progress progress = Progress.start("prepare " + split, utterances.size(), "utts", 0)) {
        for (int consumed = 0; consumed < utterances.size(); consumed++) {
          progress.update(consumed, null);
          while (submitted < utterances.size() && pending.size() < window) {
            Utterance next = utterances.get(submitted++);
            pending.add(pool.submit(() -> AudioLoading.load(next, sampleRate)));
          }
          Utterance u = utterances.get(consumed);
          counter.examined();
          float[] wave;
          try {
            wave = pending.poll().get();
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            if (source.failOnBadSamples()) {
              throw new DataException(u.source().toString(), -1, "bad sample in " + split + ": " + message, cause);
            }
            LOG.warning("skipping bad sample in " + split + " at " + u.source() + ": " + message);
            counter.dropped("bad audio");
            bad++;
            continue;
          }
          int samples = Math.max(0, wave.length - trimSamples);
          if (samples == 0) {
            counter.dropped("no audio left after cutting the " + trimSamples + "-sample tail");
            continue;
          }
          Utterance measured = new Utterance(u.id(), u.audio(), u.text(), (double) samples / sampleRate, u.source());
          boolean cache = cachedSamples + samples <= cacheBudget;
          if (cache) {
            cachedSamples += samples;
          } else {
            counter.note("decoded again when batched (beyond the in-memory waveform budget)");
          }
          float[] stored = cache ? (samples == wave.length ? wave : java.util.Arrays.copyOf(wave, samples)) : null;
          kept.add(new Example(measured, measured.text(), null, stored, samples));
        }
        progress.update(utterances.size(), null);
      }
      return new Decoded(kept, bad, counter.report());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding " + split, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
