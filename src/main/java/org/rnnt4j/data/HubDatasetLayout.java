package org.rnnt4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rnnt4j.util.DataException;

/**
 * Which Parquet files make up each split of a Hugging Face dataset repository on disk (what {@code
 * --dataset_name} names). With a dataset card, the selected config's {@code data_files} globs decide ({@code
 * --dataset_config_name}, else the config marked {@code default: true}, else the one named {@code
 * default}, else the only one). Without a card, file names decide, in this order: {@code
 * data/{split}-NNNNN-of-NNNNN.parquet} (HF's sharded pattern), then {@code {split}/**.parquet}, then
 * top-level {@code {split}.parquet} or {@code {split}-*.parquet}. Split names are kept as written (HF would
 * also map keywords such as {@code dev} to {@code validation}; we do not). Without a card, a config name
 * that is a top-level folder selects that folder, as in the Hub's Parquet conversion ({@code
 * refs/convert/parquet}: {@code {config}/{split}/0000.parquet}). Files of a split are sorted by path, as
 * HF sorts them.
 */
public final class HubDatasetLayout {
  private static final Pattern SHARDED = Pattern.compile("data/(?<split>\\w+(\\.\\w+)*)-\\d{5}-of-\\d{5}[^/]*\\.parquet");
  private static final Pattern SPLIT_NAME = Pattern.compile("\\w+(\\.\\w+)*");

  private final Path directory;
  private final String configName;
  private final Map<String, List<Path>> files;
  /** Splits the card names whose patterns match no file (a partial download), with the reason. */
  private final Map<String, String> missing;

  private HubDatasetLayout(Path directory, String configName, Map<String, List<Path>> files) {
    this(directory, configName, files, Map.of());
  }

  private HubDatasetLayout(Path directory, String configName, Map<String, List<Path>> files, Map<String, String> missing) {
    this.directory = directory;
    this.configName = configName;
    this.files = files;
    this.missing = Map.copyOf(missing);
  }

  /**
   * @param configName {@code --dataset_config_name}, or null for the default config
   * @throws DataException when the folder is missing, the config unknown, or no split's patterns match (a
   *     split whose patterns match nothing, as in a partial download, fails only when it is read)
   */
  public static HubDatasetLayout open(Path directory, String configName) {
    if (!Files.isDirectory(directory)) {
      throw new DataException(directory, "dataset directory does not exist (--dataset_name must be a local folder in Hugging Face Hub layout)");
    }
    return plan(directory, configName, listFiles(directory));
  }

  /**
   * The layout from a listing of the repository's files ('/'-separated, relative to {@code directory})
   * instead of the folder itself: what a download uses to pick files before fetching them. The dataset
   * card, if listed, must already be at {@code directory/README.md}.
   */
  public static HubDatasetLayout plan(Path directory, String configName, List<String> files) {
    List<String> all = files.stream().sorted().toList();
    Optional<List<DatasetCard.Config>> configs = all.contains("README.md") ? DatasetCard.read(directory) : Optional.empty();
    if (configs.isPresent()) {
      DatasetCard.Config config = select(directory, configs.get(), configName);
      Map<String, String> missing = new LinkedHashMap<>();
      Map<String, List<Path>> bySplit = fromPatterns(directory, config, all, missing);
      if (bySplit.isEmpty()) {
        throw new DataException(directory, String.join("; ", missing.values()));
      }
      return new HubDatasetLayout(directory, config.name(), bySplit, missing);
    }
    if (configName != null && all.stream().anyMatch(f -> f.startsWith(configName + "/"))) {
      // the Hub's Parquet conversion (revision refs/convert/parquet) has one folder per config
      String prefix = configName + "/";
      List<String> inConfig = all.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).toList();
      return new HubDatasetLayout(directory, configName, fromFileNames(directory.resolve(configName), inConfig));
    }
    if (configName != null && !configName.equals("default")) {
      throw new DataException(directory, "dataset config '" + configName + "' requested, but README.md declares no configs");
    }
    return new HubDatasetLayout(directory, "default", fromFileNames(directory, all));
  }

  public Path directory() {
    return directory;
  }

  public String configName() {
    return configName;
  }

  /** The split names, in the order the card lists them (or sorted, without a card). */
  public List<String> splits() {
    return List.copyOf(files.keySet());
  }

  /**
   * @throws DataException for an unknown split, listing the available ones
   */
  public List<Path> files(String split) {
    List<Path> list = files.get(split);
    if (list == null && missing.containsKey(split)) {
      throw new DataException(directory, missing.get(split) + " (only part of the dataset is here: download the split)");
    }
    if (list == null) {
      throw new DataException(directory, "unknown split \"" + split + "\" (config " + configName + "); available splits: " + splits());
    }
    return list;
  }

  private static DatasetCard.Config select(Path directory, List<DatasetCard.Config> configs, String requested) {
    List<String> names = configs.stream().map(DatasetCard.Config::name).toList();
    if (requested != null) {
      return configs.stream()
          .filter(c -> c.name().equals(requested))
          .findFirst()
          .orElseThrow(() -> new DataException(directory, "unknown dataset config '" + requested + "'; available configs: " + names));
    }
    Optional<DatasetCard.Config> marked = configs.stream().filter(DatasetCard.Config::isDefault).findFirst();
    if (marked.isPresent()) {
      return marked.get();
    }
    Optional<DatasetCard.Config> named = configs.stream().filter(c -> c.name().equals("default")).findFirst();
    if (named.isPresent()) {
      return named.get();
    }
    if (configs.size() == 1) {
      return configs.get(0);
    }
    throw new DataException(directory, "dataset config name is missing; pick one with --dataset_config_name among " + names);
  }

  private static Map<String, List<Path>> fromPatterns(Path directory, DatasetCard.Config config, List<String> all, Map<String, String> missing) {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    splits:
    for (Map.Entry<String, List<String>> entry : config.patternsBySplit().entrySet()) {
      List<String> matched = new ArrayList<>();
      for (String pattern : entry.getValue()) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<String> hits = all.stream().filter(f -> matcher.matches(Path.of(f))).toList();
        if (hits.isEmpty()) {
          missing.put(entry.getKey(), "config " + config.name() + ", split " + entry.getKey() + ": data_files pattern '" + pattern + "' matches no file");
          continue splits;
        }
        hits.stream().filter(h -> !matched.contains(h)).forEach(matched::add);
      }
      Collections.sort(matched);
      for (String file : matched) {
        if (!file.endsWith(".parquet")) {
          throw new DataException(directory.resolve(file), "only Parquet data files are supported (split " + entry.getKey() + ")");
        }
      }
      out.put(entry.getKey(), matched.stream().map(directory::resolve).toList());
    }
    return out;
  }

  private static Map<String, List<Path>> fromFileNames(Path directory, List<String> all) {
    Map<String, List<Path>> out = new TreeMap<>();
    for (String file : all) {
      Matcher m = SHARDED.matcher(file);
      if (m.matches()) {
        out.computeIfAbsent(m.group("split"), s -> new ArrayList<>()).add(directory.resolve(file));
      }
    }
    if (out.isEmpty()) {
      for (String file : all) {
        int slash = file.indexOf('/');
        if (slash > 0 && file.endsWith(".parquet") && SPLIT_NAME.matcher(file.substring(0, slash)).matches()) {
          out.computeIfAbsent(file.substring(0, slash), s -> new ArrayList<>()).add(directory.resolve(file));
        }
      }
    }
    if (out.isEmpty()) {
      for (String file : all) {
        if (file.indexOf('/') < 0 && file.endsWith(".parquet")) {
          String stem = file.substring(0, file.length() - ".parquet".length());
          int dash = stem.indexOf('-');
          String split = dash > 0 ? stem.substring(0, dash) : stem;
          if (SPLIT_NAME.matcher(split).matches()) {
            out.computeIfAbsent(split, s -> new ArrayList<>()).add(directory.resolve(file));
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new DataException(
          directory,
          "no Parquet data files found: expected README.md front matter with configs, or files named"
              + " data/{split}-00000-of-00001.parquet, {split}/*.parquet or {split}.parquet");
    }
    out.values().forEach(Collections::sort);
    return new LinkedHashMap<>(out);
  }

  /** Every regular file under the folder, as '/'-separated paths relative to it, sorted. */
  private static List<String> listFiles(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> directory.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith(".git/") && !p.startsWith(".cache/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list dataset directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
