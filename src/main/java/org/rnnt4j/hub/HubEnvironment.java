package org.rnnt4j.hub;

import java.nio.file.Path;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * The Hugging Face Hub settings a Python user has, read from the same environment variables as {@code
 * huggingface_hub}: the cache ({@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else {@code
 * XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}), the endpoint ({@code
 * HF_ENDPOINT}, default {@code https://huggingface.co}), the token ({@code HF_TOKEN}, else the file {@code
 * HF_HOME/token} that {@code huggingface-cli login} writes) and {@code HF_HUB_OFFLINE}.
 *
 * @param token null when there is none (public datasets need none)
 */
public record HubEnvironment(Path cacheDir, String endpoint, String token, boolean offline) {
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  public HubEnvironment {
    Checks.notNull(cacheDir, "cacheDir");
    Checks.argument(endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
        "HF_ENDPOINT must be an http(s) URL, got '%s'", endpoint);
    endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }

  /** From the process environment and user home. */
  public static HubEnvironment fromSystem() {
    return from(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** From given variables, for tests and embedding. */
  public static HubEnvironment from(Map<String, String> env, Path home) {
    Path hfHome = nonEmpty(env.get("HF_HOME")) != null
        ? Path.of(env.get("HF_HOME"))
        : (nonEmpty(env.get("XDG_CACHE_HOME")) != null ? Path.of(env.get("XDG_CACHE_HOME")) : home.resolve(".cache")).resolve("huggingface");
    Path cache = nonEmpty(env.get("HF_HUB_CACHE")) != null
        ? Path.of(env.get("HF_HUB_CACHE"))
        : nonEmpty(env.get("HUGGINGFACE_HUB_CACHE")) != null ? Path.of(env.get("HUGGINGFACE_HUB_CACHE")) : hfHome.resolve("hub");
    String endpoint = nonEmpty(env.get("HF_ENDPOINT")) != null ? env.get("HF_ENDPOINT") : DEFAULT_ENDPOINT;
    String token = nonEmpty(env.get("HF_TOKEN"));
    if (token == null) {
      token = readTokenFile(hfHome.resolve("token"));
    }
    String offline = env.getOrDefault("HF_HUB_OFFLINE", "");
    boolean isOffline = offline.equals("1") || offline.equalsIgnoreCase("true") || offline.equalsIgnoreCase("yes") || offline.equalsIgnoreCase("on");
    return new HubEnvironment(cache, endpoint, token, isOffline);
  }

  public HubEnvironment withEndpoint(String newEndpoint) {
    return new HubEnvironment(cacheDir, newEndpoint, token, offline);
  }

  private static String readTokenFile(Path file) {
    try {
      return java.nio.file.Files.isRegularFile(file) ? nonEmpty(java.nio.file.Files.readString(file).strip()) : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String nonEmpty(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    // never print the token
    return "HubEnvironment[cache=" + cacheDir + ", endpoint=" + endpoint + ", token=" + (token == null ? "none" : "set") + ", offline=" + offline + "]";
  }
}
