package org.rnnt4j.data.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.hub.RepoType;

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1 that answers the endpoints huggingface_hub (and
 * rnnt4j) use for one repository: {@code /api/datasets/ORG/NAME/revision/REV?blobs=true} and {@code
 * /datasets/ORG/NAME/resolve/COMMIT/PATH} for a dataset, {@code /api/models/ORG/NAME/revision/REV} and
 * {@code /ORG/NAME/resolve/COMMIT/PATH} for a model; with Range requests, an optional token check, LFS
 * files ({@code .parquet}, {@code .nemo}) redirected to a second "CDN" server, 404 for any other
 * repository, and faults to inject (a connection cut after N bytes, corrupt bytes).
 */
public final class FakeHub implements AutoCloseable {
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  public final String repo;
  public final RepoType type;
  public final Map<String, byte[]> files = new LinkedHashMap<>();
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  final List<String> cdnAuthorizations = Collections.synchronizedList(new ArrayList<>());
  public String requiredToken;
  /** Cut the next response of this file after this many bytes (then clear). */
  public String cutFile;
  public int cutAfter;
  /** Serve this file with one flipped byte. */
  public String corruptFile;

  private final HttpServer hub;
  private final HttpServer cdn;

  /** A dataset repository. */
  public FakeHub(String repo) throws IOException {
    this(RepoType.DATASET, repo);
  }

  public FakeHub(RepoType type, String repo) throws IOException {
    this.repo = repo;
    this.type = type;
    hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", this::handleHub);
    cdn.createContext("/", this::handleCdn);
    hub.start();
    cdn.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + hub.getAddress().getPort();
  }

  static boolean isLfs(String path) {
    return path.endsWith(".parquet") || path.endsWith(".nemo");
  }

  private void handleHub(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + (ex.getRequestHeaders().containsKey("Range") ? " Range:" + ex.getRequestHeaders().getFirst("Range") : ""));
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    authorizations.add(String.valueOf(auth));
    if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
      send(ex, 401, "{\"error\":\"Invalid username or password.\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String api = type.apiPrefix() + repo + "/revision/";
    String resolve = type.resolvePrefix() + repo + "/resolve/" + COMMIT + "/";
    if (path.startsWith(api)) {
      if (!"blobs=true".equals(ex.getRequestURI().getQuery())) {
        send(ex, 400, "expected ?blobs=true".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(ex, 200, listing().getBytes(StandardCharsets.UTF_8));
    } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
      String file = path.substring(resolve.length());
      if (isLfs(file)) {
        ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blob/" + file);
        send(ex, 302, new byte[0]);
      } else {
        serve(ex, file);
      }
    } else {
      send(ex, 404, ("{\"error\":\"not found: " + path + "\"}").getBytes(StandardCharsets.UTF_8));
    }
  }

  private void handleCdn(HttpExchange ex) throws IOException {
    requests.add("CDN " + ex.getRequestURI() + (ex.getRequestHeaders().containsKey("Range") ? " Range:" + ex.getRequestHeaders().getFirst("Range") : ""));
    cdnAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    serve(ex, ex.getRequestURI().getPath().substring("/blob/".length()));
  }

  private void serve(HttpExchange ex, String file) throws IOException {
    byte[] content = files.get(file).clone();
    if (file.equals(corruptFile)) {
      content[content.length / 2] ^= 0x55;
    }
    int start = 0;
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
      start = Integer.parseInt(range.substring(6, range.length() - 1));
    }
    byte[] body = java.util.Arrays.copyOfRange(content, start, content.length);
    if (start > 0) {
      ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
    }
    if (file.equals(cutFile)) {
      cutFile = null;
      ex.sendResponseHeaders(start > 0 ? 206 : 200, body.length);
      ex.getResponseBody().write(body, 0, cutAfter);
      ex.getResponseBody().flush();
      ex.close(); // the client sees fewer bytes than Content-Length
      return;
    }
    send(ex, start > 0 ? 206 : 200, body);
  }

  private String listing() {
    StringBuilder json = new StringBuilder("{\"id\":\"" + repo + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[");
    boolean first = true;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      json.append(first ? "" : ",");
      first = false;
      byte[] c = e.getValue();
      json.append("{\"rfilename\":\"").append(e.getKey()).append("\",\"size\":").append(isLfs(e.getKey()) ? 134 : c.length)
          .append(",\"blobId\":\"").append(gitBlobId(isLfs(e.getKey()) ? ("pointer of " + e.getKey()).getBytes(StandardCharsets.UTF_8) : c)).append("\"");
      if (isLfs(e.getKey())) {
        json.append(",\"lfs\":{\"sha256\":\"").append(hex("SHA-256", c)).append("\",\"size\":").append(c.length).append(",\"pointerSize\":134}");
      }
      json.append("}");
    }
    return json.append("]}").toString();
  }

  public static String gitBlobId(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[header.length + content.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(content, 0, all, header.length, content.length);
    return hex("SHA-1", all);
  }

  public static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    hub.stop(0);
    cdn.stop(0);
  }
}
