package org.rnnt4j.checkpoint.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;

/**
 * The {@code checkpoint-N/} directories of an output directory and Hugging Face's {@code
 * save_total_limit} rotation: keep the newest N, deleting older ones, but never the best model's (HF's
 * {@code _rotate_checkpoints}; with a limit of 1 and a best checkpoint that is not the newest, two stay).
 * Temporary ({@code .tmp-}) folders of unfinished writes are not checkpoints and are left alone.
 */
public final class CheckpointRotation {
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  private CheckpointRotation() {}

  /** {@code checkpoint-<globalStep>}, HF's name. */
  public static String directoryName(long globalStep) {
    Checks.argument(globalStep >= 0, "global step must be >= 0, got %s", globalStep);
    return "checkpoint-" + globalStep;
  }

  /** The checkpoint directories in {@code outputDir}, oldest (lowest step) first; none if it does not exist. */
  public static List<Path> list(Path outputDir) {
    if (!Files.isDirectory(outputDir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (var entries = Files.list(outputDir)) {
      entries.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + outputDir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparingLong(CheckpointRotation::step));
    return out;
  }

  /**
   * Deletes the oldest checkpoints so that at most {@code limit} stay.
   *
   * @param limit checkpoints to keep; 0 or less keeps all
   * @param bestModelCheckpoint the trainer state's {@code best_model_checkpoint}, kept whatever its age; or null
   * @return the deleted directories
   */
  public static List<Path> rotate(Path outputDir, int limit, String bestModelCheckpoint) {
    List<Path> checkpoints = list(outputDir);
    if (limit <= 0 || checkpoints.size() <= limit) {
      return List.of();
    }
    Path best = bestModelCheckpoint == null ? null : outputDir.resolve(Path.of(bestModelCheckpoint).getFileName());
    int keep = limit;
    if (best != null && checkpoints.contains(best) && !best.equals(checkpoints.get(checkpoints.size() - 1))) {
      checkpoints.remove(best);
      keep = Math.max(1, limit - 1); // the newest always stays, beside the best
    }
    List<Path> deleted = new ArrayList<>(checkpoints.subList(0, Math.max(0, checkpoints.size() - keep)));
    deleted.forEach(AtomicFiles::deleteDirectory);
    return deleted;
  }

  private static long step(Path checkpoint) {
    Matcher m = NAME.matcher(checkpoint.getFileName().toString());
    Checks.argument(m.matches(), "not a checkpoint directory name: %s", checkpoint);
    return Long.parseLong(m.group(1));
  }
}
