package org.rnnt4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.BuildInfo;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.Json;

/**
 * The two Hub HTTP endpoints a download needs, as {@code huggingface_hub} calls them: {@code GET
 * /api/{datasets,models}/{repo}/revision/{revision}?blobs=true} (the commit and every file with its size, git blob
 * id and LFS sha256) and {@code GET [/datasets]/{repo}/resolve/{commit}/{path}} (the content, usually a
 * redirect to a CDN). Sends {@code Authorization: Bearer $HF_TOKEN} to the Hub only, never to a redirect's
 * other host; resumes a partial file with {@code Range}.
 */
public final class HubClient {
  private static final int MAX_REDIRECTS = 10;

  private final HubEnvironment env;
  private final HttpClient http;

  public HubClient(HubEnvironment env) {
    this.env = Checks.notNull(env, "env");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The commit a revision points to and the files there. */
  public RepoInfo repoInfo(HubRepoId repo, String revision) {
    URI uri = URI.create(env.endpoint() + repo.type().apiPrefix() + repo.value() + "/revision/" + encode(revision) + "?blobs=true");
    HttpResponse<InputStream> response = send(uri, null, "listing " + repo + " at " + revision, repo.type());
    JsonNode json;
    try (InputStream body = response.body()) {
      json = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Hub's listing of " + repo + " from " + uri + ": " + e.getMessage(), e);
    }
    String commit = json.path("sha").asText(null);
    if (commit == null || !json.path("siblings").isArray()) {
      throw new UncheckedIOException(new IOException("the Hub's listing of " + repo + " from " + uri + " has no sha or siblings"));
    }
    List<RepoFile> files = new ArrayList<>();
    for (JsonNode s : json.get("siblings")) {
      JsonNode lfs = s.get("lfs");
      String sha256 = lfs != null && lfs.hasNonNull("sha256") ? lfs.get("sha256").asText() : null;
      long size = lfs != null && lfs.hasNonNull("size") ? lfs.get("size").asLong() : s.path("size").asLong(-1);
      if (size < 0 || (sha256 == null && !s.hasNonNull("blobId"))) {
        throw new UncheckedIOException(new IOException(
            "the Hub's listing of " + repo + " has no size or checksum for " + s.path("rfilename").asText() + " (was ?blobs=true ignored?)"));
      }
      files.add(new RepoFile(s.get("rfilename").asText(), size, s.path("blobId").asText(null), sha256));
    }
    return new RepoInfo(repo, commit, files);
  }

  /**
   * Downloads a file to {@code partial}, continuing from its current length with a {@code Range} request
   * when it exists (a server that ignores the range sends everything, and the file is rewritten).
   *
   * @return the bytes received in this call
   */
  public long download(HubRepoId repo, String commit, RepoFile file, Path partial) {
    long have = Files.exists(partial) ? size(partial) : 0;
    if (have == file.size()) {
      return 0;
    }
    if (have > file.size()) {
      delete(partial);
      have = 0;
    }
    URI uri = URI.create(env.endpoint() + repo.type().resolvePrefix() + repo.value() + "/resolve/" + commit + "/" + encodePath(file.path()));
    HttpResponse<InputStream> response = send(uri, have > 0 ? "bytes=" + have + "-" : null, "downloading " + file.path(), repo.type());
    boolean append = response.statusCode() == 206;
    if (!append) {
      have = 0;
    }
    long received = 0;
    try (InputStream in = response.body();
        OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        received += n;
      }
    } catch (IOException e) {
      // the partial file stays: the next call resumes from where this one stopped
      throw new UncheckedIOException(
          "download of " + file.path() + " from " + uri + " stopped after " + (have + received) + " of " + file.size() + " bytes: " + e.getMessage(), e);
    }
    return received;
  }

  private HttpResponse<InputStream> send(URI start, String range, String what, RepoType type) {
    URI uri = start;
    String hubHost = URI.create(env.endpoint()).getAuthority();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).header("User-Agent", "rnnt4j/" + BuildInfo.version()).GET();
      if (env.token() != null && hubHost.equals(uri.getAuthority())) {
        request.header("Authorization", "Bearer " + env.token());
      }
      if (range != null) {
        request.header("Range", range);
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(what + ": cannot reach " + uri + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while " + what, e);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        closeQuietly(response);
        uri = uri.resolve(response.headers().firstValue("Location").get());
        continue;
      }
      if (status == 200 || status == 206) {
        return response;
      }
      closeQuietly(response);
      String kind = type.hubName();
      String hint = switch (status) {
        case 401, 403 -> " (a private or gated " + kind + ", or none of that name: accept its terms on the Hub and set HF_TOKEN, or run huggingface-cli login)";
        case 404 -> " (no such " + kind + " repository, revision or file; check " + (kind.equals("model") ? "the model id" : "--dataset_name") + " and the revision)";
        case 416 -> " (the server refused to resume; delete the .incomplete file)";
        default -> "";
      };
      throw new HubHttpException(status, what + ": HTTP " + status + " from " + uri + hint);
    }
    throw new UncheckedIOException(new IOException(what + ": more than " + MAX_REDIRECTS + " redirects from " + start));
  }

  private static String encode(String revision) {
    return URLEncoder.encode(revision, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(encode(part));
    }
    return out.toString();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + p + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // the body is discarded
    }
  }
}
