package org.rnnt4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.DurationFilter;
import org.rnnt4j.data.EmptyTranscriptFilter;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.data.Filtered;
import org.rnnt4j.data.HubDataset;
import org.rnnt4j.data.MaxSamples;
import org.rnnt4j.data.NemoManifests;
import org.rnnt4j.data.TranscriptNormalizer;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.util.DataException;

/**
 * Turns the data flags into prepared splits, in the Python recipe's order: load, cap the sample count
 * ({@code --max_*_samples}), normalise transcripts ({@code --do_lower_case}, collapsed and stripped
 * whitespace), decode every clip once at the model's rate (bad clips are skipped with a warning naming
 * the file and row, and counted, or fail with {@code --fail_on_bad_samples}), then filter by duration and
 * drop empty transcripts. Unlike the recipe, the duration filter applies to training data only unless
 * {@code --max_eval_duration_in_seconds} is given, so test WERs stay comparable.
 */
public final class DatasetPreparation {
  private static final Logger LOG = Logger.getLogger(DatasetPreparation.class.getName());
  /** Waveforms are kept in memory while their total stays under this many samples (1 GiB of floats). */
  private static final long CACHE_SAMPLES = 1L << 28;

  private final DataArguments args;
  private final int sampleRate;
  private HubDataset dataset;

  public DatasetPreparation(DataArguments args, int sampleRate) {
    this.args = args;
    this.sampleRate = sampleRate;
  }

  /** The training split (train split name, or --train_manifest). */
  public PreparedSplit train() {
    List<Utterance> raw =
        args.trainManifest() != null ? NemoManifests.read(args.trainManifest()) : dataset().load(args.trainSplitName());
    return prepare("train", raw, args.maxTrainSamples(), true);
  }

  /** The evaluation split (eval split name, or --eval_manifest). */
  public PreparedSplit eval() {
    List<Utterance> raw =
        args.evalManifest() != null ? NemoManifests.read(args.evalManifest()) : dataset().load(args.evalSplitName());
    return prepare("eval", raw, args.maxEvalSamples(), false);
  }

  /** Each test set: the names of --test_split_name joined by '+', or each --test_manifest file. */
  public List<PreparedSplit> tests() {
    List<PreparedSplit> out = new ArrayList<>();
    if (args.testManifest() != null) {
      for (String path : args.testManifest().split(",")) {
        String name = Path.of(path.trim()).getFileName().toString().replaceFirst("\\.json(l)?$", "");
        out.add(prepare(name, NemoManifests.read(path.trim()), args.maxPredictSamples(), false));
      }
      return out;
    }
    for (String split : args.testSplitName().split("\\+")) {
      out.add(prepare(split.trim(), dataset().load(split.trim()), args.maxPredictSamples(), false));
    }
    return out;
  }

  private HubDataset dataset() {
    if (dataset == null) {
      if (args.datasetName() == null) {
        throw new IllegalArgumentException("no --dataset_name given and no manifest for this split");
      }
      Path dir = Path.of(args.datasetName());
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "--dataset_name " + args.datasetName() + " is not a directory (a Hugging Face dataset repository on disk)");
      }
      dataset =
          HubDataset.open(dir, args.datasetConfigName(), new ColumnNames(args.audioColumnName(), args.textColumnName()));
    }
    return dataset;
  }

  private PreparedSplit prepare(String name, List<Utterance> raw, Long maxSamples, boolean training) {
    List<FilterReport> reports = new ArrayList<>();
    List<Utterance> utterances = raw;
    if (maxSamples != null) {
      Filtered capped = new MaxSamples(maxSamples).apply(utterances);
      reports.add(capped.report());
      utterances = capped.kept();
    }
    utterances = new TranscriptNormalizer(args.doLowerCase()).apply(utterances);
    Decoded decoded = decodeAll(name, utterances);
    utterances = decoded.utterances();
    Double maxDuration = training ? Double.valueOf(args.maxDurationSeconds()) : args.maxEvalDurationSeconds();
    if (maxDuration != null) {
      double min = training ? args.minDurationSeconds() : 0.0;
      Filtered byDuration = new DurationFilter(min, maxDuration, DurationFilter.Bounds.EXCLUSIVE).apply(utterances);
      reports.add(byDuration.report());
      utterances = byDuration.kept();
    }
    Filtered nonEmpty = new EmptyTranscriptFilter().apply(utterances);
    reports.add(nonEmpty.report());
    List<Example> examples = new ArrayList<>();
    long cached = 0;
    for (Utterance u : nonEmpty.kept()) {
      float[] wave = decoded.waveforms().get(u.id() + "\u0000" + u.source());
      cached += wave.length;
      Example e = new Example(u, u.text(), null, wave, wave.length);
      examples.add(cached > CACHE_SAMPLES ? e.withoutWaveform() : e);
    }
    for (FilterReport r : reports) {
      if (!r.dropped().isEmpty()) {
        LOG.info(name + ": " + r);
      }
    }
    LOG.info(String.format("%s: %d utterances kept of %d", name, examples.size(), raw.size()));
    return new PreparedSplit(name, examples, reports, decoded.bad());
  }

  private record Decoded(List<Utterance> utterances, java.util.Map<String, float[]> waveforms, long bad) {}

  private Decoded decodeAll(String split, List<Utterance> utterances) {
    ExecutorService pool = Executors.newFixedThreadPool(args.preprocessingNumWorkers());
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (Utterance u : utterances) {
        futures.add(pool.submit(() -> AudioLoading.load(u, sampleRate)));
      }
      List<Utterance> kept = new ArrayList<>();
      java.util.Map<String, float[]> waves = new java.util.HashMap<>();
      long bad = 0;
      for (int i = 0; i < utterances.size(); i++) {
        Utterance u = utterances.get(i);
        try {
          float[] w = futures.get(i).get();
          kept.add(new Utterance(u.id(), u.audio(), u.text(), (double) w.length / sampleRate, u.source()));
          waves.put(u.id() + "\u0000" + u.source(), w);
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
          if (args.failOnBadSamples()) {
            throw new DataException(u.source().toString(), -1, "bad sample in " + split + ": " + message, cause);
          }
          LOG.warning("skipping bad sample in " + split + " at " + u.source() + ": " + message);
          bad++;
        }
      }
      return new Decoded(kept, waves, bad);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding " + split, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
