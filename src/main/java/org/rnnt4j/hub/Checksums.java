package org.rnnt4j.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The two content hashes the Hub reports: sha256 of LFS objects, and git's blob id (sha1 with a header). */
public final class Checksums {
  private Checksums() {}

  public static String sha256(Path file) throws IOException {
    return digest(file, "SHA-256", null);
  }

  /** Git's blob id: sha1 over {@code "blob " + size + "\0"} then the content. */
  public static String gitBlobId(Path file) throws IOException {
    byte[] header = ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII);
    return digest(file, "SHA-1", header);
  }

  /** Whether a file has the content the listing promises, by the hash the Hub names it by. */
  public static String actual(RepoFile expected, Path file) throws IOException {
    return expected.sha256() != null ? sha256(file) : gitBlobId(file);
  }

  private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
    if (prefix != null) {
      md.update(prefix);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
