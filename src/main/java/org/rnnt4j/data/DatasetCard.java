package org.rnnt4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rnnt4j.util.DataException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The {@code configs:} of a Hugging Face dataset card (the YAML front matter of {@code README.md} between
 * two {@code ---} lines): for each config, its split names and their data-file glob patterns, in file order.
 * {@code data_files} may be a list of {@code {split, path}} items (path a string or a list), a plain string
 * or list of strings (all for split {@code train}), or a map split → pattern(s), as {@code
 * datasets.data_files.sanitize_patterns} accepts them. {@code data_dir} prefixes the patterns.
 */
final class DatasetCard {
  /** One {@code configs:} item. */
  record Config(String name, boolean isDefault, Map<String, List<String>> patternsBySplit) {}

  private DatasetCard() {}

  /** The configs of {@code dir/README.md}, or empty when there is no README or no front matter. */
  static Optional<List<Config>> read(Path dir) {
    Path readme = dir.resolve("README.md");
    if (!Files.isRegularFile(readme)) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(readme, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme + ": " + e.getMessage(), e);
    }
    String[] lines = text.split("\r?\n", -1);
    if (lines.length == 0 || !lines[0].strip().equals("---")) {
      return Optional.empty();
    }
    int end = 1;
    while (end < lines.length && !lines[end].strip().equals("---")) {
      end++;
    }
    if (end == lines.length) {
      throw new DataException(readme, "front matter starts with --- but has no closing --- line");
    }
    String yaml = String.join("\n", java.util.Arrays.asList(lines).subList(1, end));
    Object loaded;
    try {
      loaded = new Load(LoadSettings.builder().setLabel(readme.toString()).build()).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new DataException(readme, "front matter is not valid YAML: " + e.getMessage(), e);
    }
    if (!(loaded instanceof Map) || !((Map<?, ?>) loaded).containsKey("configs")) {
      return Optional.empty();
    }
    Object configs = ((Map<?, ?>) loaded).get("configs");
    if (!(configs instanceof List)) {
      throw new DataException(readme, "front matter 'configs' must be a list, got " + configs);
    }
    List<Config> out = new ArrayList<>();
    for (Object item : (List<?>) configs) {
      out.add(config(item, readme));
    }
    return Optional.of(List.copyOf(out));
  }

  private static Config config(Object item, Path readme) {
    if (!(item instanceof Map)) {
      throw new DataException(readme, "each item of 'configs' must be a map, got " + item);
    }
    Map<?, ?> map = (Map<?, ?>) item;
    Object name = map.containsKey("config_name") ? map.get("config_name") : "default";
    if (!(name instanceof String)) {
      throw new DataException(readme, "config_name must be a string, got " + name);
    }
    boolean isDefault = Boolean.TRUE.equals(map.get("default"));
    String dataDir = map.get("data_dir") instanceof String ? (String) map.get("data_dir") : null;
    Object dataFiles = map.get("data_files");
    if (dataFiles == null) {
      throw new DataException(readme, "config '" + name + "' has no data_files");
    }
    Map<String, List<String>> bySplit = new LinkedHashMap<>();
    if (dataFiles instanceof String) {
      bySplit.put("train", List.of((String) dataFiles));
    } else if (dataFiles instanceof Map) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) dataFiles).entrySet()) {
        bySplit.put(String.valueOf(entry.getKey()), strings(entry.getValue(), readme, name));
      }
    } else if (dataFiles instanceof List) {
      List<?> list = (List<?>) dataFiles;
      if (list.stream().allMatch(x -> x instanceof String)) {
        bySplit.put("train", strings(list, readme, name));
      } else {
        for (Object entry : list) {
          if (!(entry instanceof Map) || !((Map<?, ?>) entry).containsKey("split") || !((Map<?, ?>) entry).containsKey("path")) {
            throw new DataException(readme, "config '" + name + "': each data_files item must have 'split' and 'path', got " + entry);
          }
          String split = String.valueOf(((Map<?, ?>) entry).get("split"));
          bySplit.computeIfAbsent(split, s -> new ArrayList<>()).addAll(strings(((Map<?, ?>) entry).get("path"), readme, name));
        }
      }
    } else {
      throw new DataException(readme, "config '" + name + "': data_files must be a string, list or map, got " + dataFiles);
    }
    Map<String, List<String>> prefixed = new LinkedHashMap<>();
    bySplit.forEach(
        (split, patterns) ->
            prefixed.put(split, patterns.stream().map(p -> dataDir == null ? p : dataDir + "/" + p).toList()));
    return new Config((String) name, isDefault, prefixed);
  }

  private static List<String> strings(Object value, Path readme, Object config) {
    if (value instanceof String) {
      return List.of((String) value);
    }
    if (value instanceof List && ((List<?>) value).stream().allMatch(x -> x instanceof String)) {
      return ((List<?>) value).stream().map(x -> (String) x).toList();
    }
    throw new DataException(readme, "config '" + config + "': data file patterns must be strings, got " + value);
  }
}
