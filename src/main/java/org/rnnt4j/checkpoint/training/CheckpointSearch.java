package org.rnnt4j.checkpoint.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.FormatException;

/**
 * Finds the checkpoint a run resumes from: Hugging Face's {@code get_last_checkpoint} (the {@code
 * checkpoint-N} with the highest N), except that a candidate must be complete, verified as {@link
 * TrainingCheckpointReader#verify} does. Newer directories that fail (a missing header, a truncated or
 * altered file) are passed over with the reason, and so are the folders an interrupted save, replace or
 * delete leaves behind ({@code checkpoint-N.tmp-<pid>}, {@code .checkpoint-N.old-...}, {@code
 * .checkpoint-N.deleting-...}), which are never checkpoints.
 */
public final class CheckpointSearch {
  /** {@code checkpoint-N.tmp-<pid>}, {@code .checkpoint-N.old-<pid>-<nanos>}, {@code .checkpoint-N.deleting-<pid>-<nanos>}. */
  private static final Pattern LEFTOVER =
      Pattern.compile("(?:checkpoint-\\d+\\.tmp-(\\d+))|(?:\\.checkpoint-\\d+\\.(?:old|deleting)-(\\d+)-\\d+)");

  private CheckpointSearch() {}

  /**
   * @param checkpoint the newest complete checkpoint, if any
   * @param skipped one line per directory passed over: its name and why
   */
  public record Result(Optional<Path> checkpoint, List<String> skipped) {
    public Result {
      skipped = List.copyOf(skipped);
    }
  }

  /** Searches {@code outputDir}; a missing directory has no checkpoint. */
  public static Result newestComplete(Path outputDir) {
    List<String> skipped = new ArrayList<>();
    for (Path leftover : leftovers(outputDir)) {
      skipped.add(leftover.getFileName() + ": left by an interrupted save, replace or delete (not a checkpoint)");
    }
    List<Path> candidates = new ArrayList<>(CheckpointRotation.list(outputDir));
    Collections.reverse(candidates);
    for (Path dir : candidates) {
      try {
        TrainingCheckpointReader.verify(dir);
        return new Result(Optional.of(dir), skipped);
      } catch (FormatException | UncheckedIOException e) {
        skipped.add(dir.getFileName() + ": incomplete or damaged, " + e.getMessage());
      }
    }
    return new Result(Optional.empty(), skipped);
  }

  /** The leftover folders of interrupted writes in {@code outputDir}, by name. */
  public static List<Path> leftovers(Path outputDir) {
    if (!Files.isDirectory(outputDir)) {
      return List.of();
    }
    try (var entries = Files.list(outputDir)) {
      return entries.filter(p -> Files.isDirectory(p) && LEFTOVER.matcher(p.getFileName().toString()).matches()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + outputDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the leftovers whose writing process is gone (a live one may still be writing).
   *
   * @return the deleted folders
   */
  public static List<Path> removeLeftovers(Path outputDir) {
    List<Path> removed = new ArrayList<>();
    for (Path p : leftovers(outputDir)) {
      Matcher m = LEFTOVER.matcher(p.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      long pid = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
      boolean alive = pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        AtomicFiles.deleteTree(p);
        removed.add(p);
      }
    }
    return removed;
  }
}
