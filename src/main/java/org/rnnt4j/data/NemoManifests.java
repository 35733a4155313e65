package org.rnnt4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;
import org.rnnt4j.util.Json;

/**
 * Reads NVIDIA NeMo JSON-lines manifests: one object per line with {@code audio_filepath} (or {@code
 * audio_filename}), {@code duration} in seconds, {@code text}, and an optional {@code offset} in seconds,
 * as NeMo's {@code collections/common/parts/preprocessing/manifest.py} reads them. Blank lines are skipped.
 * A relative audio path is taken relative to the manifest's own folder (NeMo tries that folder first and
 * falls back to the working directory; we do not guess). A missing {@code text} is the empty string and a
 * {@code null} duration is unknown, as NeMo allows.
 *
 * <p>Every bad line (invalid JSON, missing or mistyped keys, audio file not found) is collected and all of
 * them are reported in one {@link DataException}, each as {@code file:line: problem}.
 */
public final class NemoManifests {
  private static final int MAX_LISTED = 50;

  private NemoManifests() {}

  /** Reads several manifests joined with commas, as NeMo's {@code manifest_filepath} accepts them. */
  public static List<Utterance> read(String commaSeparatedPaths) {
    Checks.notNull(commaSeparatedPaths, "manifest paths");
    List<Path> paths = new ArrayList<>();
    for (String part : commaSeparatedPaths.split(",")) {
      Checks.argument(!part.isBlank(), "empty manifest path in '%s'", commaSeparatedPaths);
      paths.add(Path.of(part.trim()));
    }
    return read(paths);
  }

  public static List<Utterance> read(List<Path> manifests) {
    Checks.argument(!manifests.isEmpty(), "need at least one manifest");
    List<Utterance> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path manifest : manifests) {
      readOne(manifest, out, problems);
    }
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder(problems.size() + " bad manifest line(s):");
      for (String problem : problems.subList(0, Math.min(problems.size(), MAX_LISTED))) {
        message.append("\n  ").append(problem);
      }
      if (problems.size() > MAX_LISTED) {
        message.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more");
      }
      throw new DataException(manifests.size() == 1 ? manifests.get(0).toString() : manifests.toString(), -1, message.toString());
    }
    return out;
  }

  private static void readOne(Path manifest, List<Utterance> out, List<String> problems) {
    if (!Files.isRegularFile(manifest)) {
      problems.add(manifest + ": manifest file not found");
      return;
    }
    Path folder = manifest.toAbsolutePath().getParent();
    try (BufferedReader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        SourceLocation where = SourceLocation.line(manifest.toString(), number);
        try {
          out.add(parse(line, folder, where));
        } catch (BadLine e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
    }
  }

  private static Utterance parse(String line, Path folder, SourceLocation where) throws BadLine {
    JsonNode item;
    try {
      item = Json.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadLine("not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (item == null || !item.isObject()) {
      throw new BadLine("expected a JSON object, got " + (item == null ? "nothing" : item.getNodeType()));
    }
    JsonNode audioNode = item.has("audio_filepath") ? item.get("audio_filepath") : item.get("audio_filename");
    if (audioNode == null) {
      throw new BadLine("missing key audio_filepath");
    }
    if (!audioNode.isTextual() || audioNode.asText().isEmpty()) {
      throw new BadLine("audio_filepath must be a non-empty string, got " + audioNode);
    }
    if (!item.has("duration")) {
      throw new BadLine("missing key duration");
    }
    double duration = number(item.get("duration"), "duration", true);
    double offset = item.has("offset") ? number(item.get("offset"), "offset", true) : 0.0;
    if (Double.isNaN(offset)) {
      offset = 0.0;
    }
    JsonNode textNode = item.get("text");
    if (textNode != null && !textNode.isNull() && !textNode.isTextual()) {
      throw new BadLine("text must be a string, got " + textNode);
    }
    String text = textNode == null || textNode.isNull() ? "" : textNode.asText();
    Path audio = folder.resolve(audioNode.asText()).normalize();
    if (!Files.isRegularFile(audio)) {
      throw new BadLine("audio file not found: " + audio);
    }
    String name = audio.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String id = (dot > 0 ? name.substring(0, dot) : name) + (offset > 0 ? "@" + offset : "");
    // audio_filepath as written is kept for the predictions, which NeMo writes back unchanged
    return new Utterance(id, new AudioRef.FileAudio(audio, offset, duration, audioNode.asText()), text, duration, where);
  }

  /** A number, or NaN for JSON null when {@code nullable}. */
  private static double number(JsonNode node, String key, boolean nullable) throws BadLine {
    if (node.isNull() && nullable) {
      return Double.NaN;
    }
    if (!node.isNumber()) {
      throw new BadLine(key + " must be a number of seconds, got " + node);
    }
    double value = node.asDouble();
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new BadLine(key + " must be >= 0 seconds, got " + node);
    }
    return value;
  }

  /** One line's problem; collected, never escapes this class. */
  private static final class BadLine extends Exception {
    BadLine(String message) {
      super(message, null, false, false);
    }
  }
}
