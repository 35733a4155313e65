package org.rnnt4j.checkpoint.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.Sha256;

/**
 * Writes a {@link TrainingState} as a {@code checkpoint-N/} directory (docs/checkpoint-format.md), all or
 * nothing: the files go into a sibling {@code checkpoint-N.tmp-<pid>}, the header {@code checkpoint.json}
 * last, everything is fsynced, and the folder is renamed into place. An existing directory of the same
 * name is swapped out whole, never overwritten file by file. Unlike icefall's {@code save_checkpoint}, a
 * crash leaves at worst a {@code .tmp-} folder, which rotation and readers ignore.
 */
public final class TrainingCheckpointWriter {
  private TrainingCheckpointWriter() {}

  /** Writes {@code state} as the directory {@code dir} (conventionally {@code output_dir/checkpoint-<global step>}). */
  public static void write(Path dir, TrainingState state) {
    Checks.notNull(state, "state");
    Path target = dir.toAbsolutePath().normalize();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    AtomicFiles.deleteTree(tmp); // left by an earlier failed write of this process
    try {
      Files.createDirectories(tmp);
      List<CheckpointHeader.Section> sections = new ArrayList<>();
      state.model().write(tmp);
      sections.add(section(tmp, "model", true, filesUnder(tmp)));
      state.optimizer().write(tmp.resolve(OptimizerState.FILE));
      sections.add(section(tmp, "optimizer", true, List.of(OptimizerState.FILE)));
      state.schedule().write(tmp.resolve(ScheduleState.FILE));
      sections.add(section(tmp, "scheduler", true, List.of(ScheduleState.FILE)));
      state.rng().write(tmp.resolve(RngState.FILE));
      sections.add(section(tmp, "rng", true, List.of(RngState.FILE)));
      state.trainerState().write(tmp);
      sections.add(section(tmp, "trainer_state", true, List.of(HfTrainerState.FILE)));
      for (CheckpointSection optional : state.sections().values()) {
        sections.add(section(tmp, optional.name(), false, writeOptional(tmp, optional)));
      }
      new CheckpointHeader(CheckpointHeader.VERSION, state.globalStep(), sections).write(tmp.resolve(CheckpointHeader.FILE));
      AtomicFiles.syncTree(tmp);
      AtomicFiles.replaceDirectory(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        AtomicFiles.deleteTree(tmp);
      }
    }
  }

  private static List<String> writeOptional(Path dir, CheckpointSection section) throws IOException {
    List<String> paths = new ArrayList<>();
    for (var e : section.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Checks.argument(
          !Files.exists(file) && !e.getKey().equals(CheckpointHeader.FILE),
          "optional section %s: file %s collides with another part of the checkpoint", section.name(), e.getKey());
      Files.createDirectories(file.getParent());
      AtomicFiles.writeBytes(file, e.getValue());
      paths.add(e.getKey());
    }
    return paths;
  }

  private static CheckpointHeader.Section section(Path dir, String name, boolean required, List<String> paths) throws IOException {
    List<CheckpointHeader.FileEntry> files = new ArrayList<>();
    for (String p : paths) {
      Path file = dir.resolve(p);
      files.add(new CheckpointHeader.FileEntry(p, Files.size(file), Sha256.of(file)));
    }
    return new CheckpointHeader.Section(name, required, files);
  }

  /** Every regular file under {@code dir}, as sorted '/'-separated relative paths. */
  private static List<String> filesUnder(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .sorted()
          .toList();
    }
  }
}
