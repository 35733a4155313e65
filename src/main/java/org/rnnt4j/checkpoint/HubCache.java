package org.rnnt4j.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local Hugging Face Hub cache, as {@code huggingface_hub} lays it out: {@code
 * <cache>/models--ORG--NAME/refs/<revision>} holds a commit hash, and {@code snapshots/<hash>/} the
 * repository's files (symbolic links into {@code blobs/}). The cache is {@code $HF_HUB_CACHE}, else
 * {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code
 * ~/.cache/huggingface/hub}. Nothing is downloaded: a model that is not in the cache is reported with
 * the command that fetches it.
 */
public final class HubCache {
  /** A Hub repository id, {@code ORG/NAME}, with an optional {@code @revision}. */
  private static final Pattern MODEL_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9._/-]+)?");

  private final Path root;

  public HubCache(Path root) {
    this.root = root;
  }

  /** The cache the environment names ({@code System.getenv()} and {@code user.home}). */
  public static HubCache fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The cache {@code env} names, with {@code home} for the default. */
  public static HubCache fromEnvironment(Map<String, String> env, Path home) {
    if (nonEmpty(env.get("HF_HUB_CACHE"))) {
      return new HubCache(Path.of(env.get("HF_HUB_CACHE")));
    }
    if (nonEmpty(env.get("HF_HOME"))) {
      return new HubCache(Path.of(env.get("HF_HOME")).resolve("hub"));
    }
    if (nonEmpty(env.get("XDG_CACHE_HOME"))) {
      return new HubCache(Path.of(env.get("XDG_CACHE_HOME")).resolve("huggingface").resolve("hub"));
    }
    return new HubCache(home.resolve(".cache").resolve("huggingface").resolve("hub"));
  }

  public Path root() {
    return root;
  }

  /** Whether {@code spec} has the form of a Hub model id ({@code ORG/NAME[@revision]}). */
  public static boolean looksLikeModelId(String spec) {
    return MODEL_ID.matcher(spec).matches();
  }

  /**
   * The snapshot directory of a cached model: revision {@code main} unless the id ends in {@code
   * @revision} (a ref name under {@code refs/} or a commit hash).
   *
   * @return empty when the model or that revision is not cached
   */
  public Optional<Path> snapshot(String modelId) {
    String id = modelId;
    String revision = "main";
    int at = modelId.indexOf('@');
    if (at >= 0) {
      id = modelId.substring(0, at);
      revision = modelId.substring(at + 1);
    }
    Path repo = root.resolve("models--" + id.replace("/", "--"));
    if (!Files.isDirectory(repo)) {
      return Optional.empty();
    }
    String commit = revision;
    Path ref = repo.resolve("refs").resolve(revision);
    if (!revision.contains("..") && Files.isRegularFile(ref)) {
      try {
        commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ref + ": " + e.getMessage(), e);
      }
    }
    if (!commit.matches("[0-9a-fA-F]{7,64}")) {
      return Optional.empty();
    }
    Path snapshot = repo.resolve("snapshots").resolve(commit);
    return Files.isDirectory(snapshot) ? Optional.of(snapshot) : Optional.empty();
  }

  /** The {@code .nemo} files at the top of a snapshot, sorted by name. */
  public static List<Path> nemoFiles(Path snapshot) {
    List<Path> out = new ArrayList<>();
    try (var entries = Files.list(snapshot)) {
      entries
          .filter(p -> p.getFileName().toString().endsWith(".nemo") && Files.isRegularFile(p))
          .sorted()
          .forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + snapshot + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
