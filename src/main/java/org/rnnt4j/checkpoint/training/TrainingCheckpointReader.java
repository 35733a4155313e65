package org.rnnt4j.checkpoint.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Sha256;

/**
 * Reads a {@code checkpoint-N/} directory back into a {@link TrainingState}, after checking it whole:
 * the header's format and version, that every core section is listed with its files, and that every
 * listed file exists with its recorded size and SHA-256. A missing, truncated or altered file is a
 * {@link FormatException} naming it. Optional sections this code does not know are kept as their bytes;
 * a section marked required that it does not know makes it refuse the checkpoint.
 */
public final class TrainingCheckpointReader {
  /** The files each core section must list (the model's tokenizer files vary and are not named here). */
  private static final Map<String, List<String>> CORE_FILES =
      Map.of(
          "model", List.of(ModelDirectory.CONFIG, ModelDirectory.WEIGHTS, ModelDirectory.PROVENANCE),
          "optimizer", List.of(OptimizerState.FILE),
          "scheduler", List.of(ScheduleState.FILE),
          "rng", List.of(RngState.FILE),
          "trainer_state", List.of(HfTrainerState.FILE));

  private TrainingCheckpointReader() {}

  public static TrainingState read(Path dir) {
    CheckpointHeader header = verified(dir);
    Path headerFile = dir.resolve(CheckpointHeader.FILE);
    Map<String, CheckpointSection> optional = new LinkedHashMap<>();
    for (CheckpointHeader.Section s : header.sections()) {
      if (!TrainingState.CORE_SECTIONS.contains(s.name())) {
        optional.put(s.name(), readOptional(dir, headerFile, s));
      }
    }
    HfTrainerState trainerState = HfTrainerState.read(dir.resolve(HfTrainerState.FILE));
    if (trainerState.globalStep() != header.globalStep()) {
      throw new FormatException(
          dir.resolve(HfTrainerState.FILE).toString(),
          "global_step is " + trainerState.globalStep() + " but checkpoint.json records " + header.globalStep());
    }
    try {
      return new TrainingState(
          ModelSnapshot.read(dir),
          OptimizerState.read(dir.resolve(OptimizerState.FILE)),
          ScheduleState.read(dir.resolve(ScheduleState.FILE)),
          RngState.read(dir.resolve(RngState.FILE)),
          trainerState,
          optional);
    } catch (IllegalArgumentException e) {
      throw new FormatException(dir.toString(), "inconsistent checkpoint: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a checkpoint whole without parsing its parts: the header, its sections, and every listed
   * file's presence, size and SHA-256.
   *
   * @return the global step the header records
   * @throws FormatException naming the first file at fault
   */
  public static long verify(Path dir) {
    return verified(dir).globalStep();
  }

  /** The model part of a checkpoint, after checking the whole checkpoint as {@link #verify} does. */
  public static ModelSnapshot readModel(Path dir) {
    verified(dir);
    return ModelSnapshot.read(dir);
  }

  private static CheckpointHeader verified(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new FormatException(dir.toString(), "no such checkpoint directory");
    }
    Path headerFile = dir.resolve(CheckpointHeader.FILE);
    if (!Files.isRegularFile(headerFile)) {
      throw new FormatException(
          headerFile.toString(),
          "missing: not an rnnt4j training checkpoint, or one written before checkpoint format version "
              + CheckpointHeader.OLDEST_READABLE + " (those have no header and cannot be read)");
    }
    CheckpointHeader header = CheckpointHeader.read(headerFile);
    checkSections(headerFile, header.sectionsByName());
    for (CheckpointHeader.Section s : header.sections()) {
      for (CheckpointHeader.FileEntry f : s.files()) {
        verify(dir, s.name(), f);
      }
    }
    return header;
  }

  private static void checkSections(Path headerFile, Map<String, CheckpointHeader.Section> sections) {
    for (String core : TrainingState.CORE_SECTIONS) {
      CheckpointHeader.Section s = sections.get(core);
      if (s == null) {
        throw new FormatException(headerFile.toString(), "required section '" + core + "' is missing");
      }
      List<String> listed = s.files().stream().map(CheckpointHeader.FileEntry::path).toList();
      for (String file : CORE_FILES.get(core)) {
        if (!listed.contains(file)) {
          throw new FormatException(headerFile.toString(), "required section '" + core + "' does not list " + file);
        }
      }
    }
    for (CheckpointHeader.Section s : sections.values()) {
      if (s.required() && !TrainingState.CORE_SECTIONS.contains(s.name())) {
        throw new FormatException(
            headerFile.toString(),
            "required section '" + s.name() + "' is unknown to this rnnt4j (written by a newer one?); it cannot be"
                + " ignored");
      }
    }
  }

  private static void verify(Path dir, String section, CheckpointHeader.FileEntry entry) {
    Path file = dir.resolve(entry.path());
    if (!Files.isRegularFile(file)) {
      throw new FormatException(file.toString(), "missing: " + CheckpointHeader.FILE + " lists it in section '" + section + "'");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (size != entry.size()) {
      throw new FormatException(
          file.toString(),
          (size < entry.size() ? "truncated: " : "wrong size: ") + size + " bytes, " + CheckpointHeader.FILE + " records "
              + entry.size());
    }
    String actual = Sha256.of(file);
    if (!actual.equals(entry.sha256())) {
      throw new FormatException(
          file.toString(),
          "checksum mismatch: " + CheckpointHeader.FILE + " records sha256 " + entry.sha256() + ", the file has " + actual
              + " (corrupt or modified)");
    }
  }

  private static CheckpointSection readOptional(Path dir, Path headerFile, CheckpointHeader.Section s) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      for (CheckpointHeader.FileEntry f : s.files()) {
        files.put(f.path(), Files.readAllBytes(dir.resolve(f.path())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read section " + s.name() + " of " + dir + ": " + e.getMessage(), e);
    }
    try {
      return new CheckpointSection(s.name(), files);
    } catch (IllegalArgumentException e) {
      throw new FormatException(headerFile.toString(), "optional section '" + s.name() + "': " + e.getMessage(), e);
    }
  }
}
