package org.rnnt4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.training.CheckpointSearch;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.data.pipeline.Example;

/**
 * Which checkpoint a run continues from, and where in the data it continues. The choice follows the
 * Python recipe's script and Hugging Face's Trainer: {@code --resume_from_checkpoint PATH} or {@code True}
 * (the newest checkpoint in {@code output_dir}); without it, the newest checkpoint of an {@code
 * output_dir} that has one, unless {@code --overwrite_output_dir}; a non-empty {@code output_dir} without a
 * checkpoint is refused. "Newest" means the newest complete one ({@link CheckpointSearch}); each directory
 * passed over is logged with the reason.
 */
public final class Resumption {
  private static final Logger LOG = Logger.getLogger(Resumption.class.getName());

  private Resumption() {}

  /**
   * Where the data stream continues.
   *
   * @param epoch the epoch of the next batch
   * @param batchIndex its index in that epoch's batches (the earlier ones are skipped, not drawn)
   * @param samplesInEpoch samples of {@code epoch} consumed before it
   * @param samplesTotal samples consumed since training started
   */
  record Position(long epoch, int batchIndex, long samplesInEpoch, long samplesTotal) {
    static final Position START = new Position(0, 0, 0, 0);
  }

  /** The checkpoint to continue from, or empty to start afresh; refuses what the recipe refuses. */
  public static Optional<Path> choose(TrainingArguments args) {
    if (!args.doTrain()) {
      return Optional.empty();
    }
    Path out = args.outputDir();
    TrainingArguments.Resume resume = args.resume();
    switch (resume.mode()) {
      case NONE:
        return Optional.empty();
      case PATH:
        TrainingCheckpointReader.verify(resume.checkpoint()); // a damaged checkpoint asked for by name is an error
        LOG.info("resuming training from " + resume.checkpoint() + " (--resume_from_checkpoint)");
        return Optional.of(resume.checkpoint());
      case LATEST: {
        CheckpointSearch.Result found = search(out);
        if (found.checkpoint().isEmpty()) {
          throw new IllegalArgumentException(
              "--resume_from_checkpoint True: no valid checkpoint found in output directory " + out + skippedText(found));
        }
        LOG.info("resuming training from " + found.checkpoint().get() + " (the newest complete checkpoint)");
        return found.checkpoint();
      }
      default: {
        if (args.overwriteOutputDir() || !Files.isDirectory(out)) {
          return Optional.empty();
        }
        CheckpointSearch.Result found = search(out);
        if (found.checkpoint().isPresent()) {
          LOG.info("checkpoint detected, resuming training at " + found.checkpoint().get() + ". To avoid this, change"
              + " --output_dir or add --overwrite_output_dir to train from scratch.");
          return found.checkpoint();
        }
        if (!isEmpty(out)) {
          throw new IllegalArgumentException(
              "output directory " + out + " already exists and is not empty, and holds no complete checkpoint to resume"
                  + " from; use --overwrite_output_dir to overwrite it" + skippedText(found));
        }
        return Optional.empty();
      }
    }
  }

  private static CheckpointSearch.Result search(Path out) {
    for (Path p : CheckpointSearch.removeLeftovers(out)) {
      LOG.info("removed " + p.getFileName() + ", left by an interrupted checkpoint write");
    }
    CheckpointSearch.Result found = CheckpointSearch.newestComplete(out);
    found.skipped().forEach(reason -> LOG.warning("not resuming from " + reason));
    return found;
  }

  private static String skippedText(CheckpointSearch.Result found) {
    return found.skipped().isEmpty() ? "" : " (passed over: " + String.join("; ", found.skipped()) + ")";
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The batch where a run continues: the epoch's order is rebuilt from (seed, epoch) and the batches
   * holding the {@code samplesInEpoch} consumed samples are skipped. A position inside a batch means the
   * batch size changed since the save, which cannot continue the same stream.
   */
  static Position position(SamplerPosition saved, List<List<Example>> epochBatches) {
    long consumed = 0;
    int index = 0;
    while (index < epochBatches.size() && consumed < saved.samplesInEpoch()) {
      consumed += epochBatches.get(index++).size();
    }
    if (consumed != saved.samplesInEpoch()) {
      throw new IllegalArgumentException(
          "the checkpoint stopped after " + saved.samplesInEpoch() + " samples of epoch " + saved.epoch()
              + ", which is not a batch boundary of this run's data (" + consumed + "); was"
              + " --per_device_train_batch_size or the data changed?");
    }
    if (index == epochBatches.size()) {
      return new Position(saved.epoch() + 1, 0, 0, saved.samplesTotal());
    }
    return new Position(saved.epoch(), index, saved.samplesInEpoch(), saved.samplesTotal());
  }
}
