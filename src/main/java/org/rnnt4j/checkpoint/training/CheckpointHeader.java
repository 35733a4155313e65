package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * {@code checkpoint.json}, the header that makes a {@code checkpoint-N/} directory self-describing: the
 * format name and version, the global step, and every section with its files' sizes and SHA-256
 * checksums. It is written last, so a directory with a valid header holds every file it lists.
 *
 * @param version the format version the directory was written in
 * @param sections in writing order: the core sections, then the optional ones
 */
record CheckpointHeader(int version, long globalStep, List<Section> sections) {
  static final String FILE = "checkpoint.json";
  static final String FORMAT = "rnnt4j-training-checkpoint";
  /** The version this code writes; bump it when a core file's layout or meaning changes. */
  static final int VERSION = 1;
  /** The oldest version this code reads. */
  static final int OLDEST_READABLE = 1;

  /**
   * @param required whether a reader that does not know the section must refuse the checkpoint
   */
  record Section(String name, boolean required, List<FileEntry> files) {
    Section {
      files = List.copyOf(files);
    }
  }

  /** @param path relative to the checkpoint directory, '/'-separated */
  record FileEntry(String path, long size, String sha256) {}

  CheckpointHeader {
    sections = List.copyOf(sections);
    Set<String> names = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (Section s : sections) {
      Checks.argument(names.add(s.name()), "section %s is listed twice", s.name());
      for (FileEntry f : s.files()) {
        Checks.argument(paths.add(f.path()), "file %s is listed twice", f.path());
      }
    }
  }

  Map<String, Section> sectionsByName() {
    Map<String, Section> out = new LinkedHashMap<>();
    sections.forEach(s -> out.put(s.name(), s));
    return out;
  }

  void write(Path file) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("version", version);
    json.put("global_step", globalStep);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Section s : sections) {
      List<Map<String, Object>> files = new ArrayList<>();
      for (FileEntry f : s.files()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", f.path());
        entry.put("size", f.size());
        entry.put("sha256", f.sha256());
        files.add(entry);
      }
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("name", s.name());
      section.put("required", s.required());
      section.put("files", files);
      list.add(section);
    }
    json.put("sections", list);
    Json.write(file, json);
  }

  /** Reads and checks the header: format, version range, and well-formed section and file entries. */
  static CheckpointHeader read(Path file) {
    JsonNode json = JsonFields.read(file);
    String format = JsonFields.getString(json, "format", file);
    if (!format.equals(FORMAT)) {
      throw new FormatException(file.toString(), "format is '" + format + "', expected " + FORMAT);
    }
    long version = JsonFields.getLong(json, "version", file);
    if (version > VERSION) {
      throw new FormatException(
          file.toString(),
          "checkpoint format version " + version + " is too new: written by a newer rnnt4j; this one reads versions "
              + OLDEST_READABLE + " to " + VERSION);
    }
    if (version < OLDEST_READABLE) {
      throw new FormatException(
          file.toString(),
          "checkpoint format version " + version + " is too old: this rnnt4j reads versions " + OLDEST_READABLE + " to "
              + VERSION);
    }
    List<Section> sections = new ArrayList<>();
    for (JsonNode s : JsonFields.getArray(json, "sections", file)) {
      String name = JsonFields.getString(s, "name", file);
      List<FileEntry> files = new ArrayList<>();
      for (JsonNode f : JsonFields.getArray(s, "files", file)) {
        String path = JsonFields.getString(f, "path", file);
        if (!CheckpointSection.isPlainRelativePath(path)) {
          throw new FormatException(file.toString(), "section " + name + " lists a file outside the checkpoint: '" + path + "'");
        }
        files.add(new FileEntry(path, JsonFields.getLong(f, "size", file), JsonFields.getString(f, "sha256", file)));
      }
      sections.add(new Section(name, JsonFields.getBoolean(s, "required", file), files));
    }
    try {
      return new CheckpointHeader((int) version, JsonFields.getLong(json, "global_step", file), sections);
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }
}
