package org.rnnt4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The reference table of synth_en (src/test/resources/data/synth_en_sha256.tsv), keyed by id. */
public final class SynthEnTable {
  public record Row(String split, int row, String id, double duration, String sha256, String text) {}

  public static final Map<String, Row> BY_ID = load();

  private SynthEnTable() {}

  public static Path resource(String name) {
    try {
      return Path.of(SynthEnTable.class.getResource("/data/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Row> load() {
    try (InputStream in = SynthEnTable.class.getResourceAsStream("/data/synth_en_sha256.tsv")) {
      Map<String, Row> rows = new LinkedHashMap<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split("\t", -1);
        rows.put(f[2], new Row(f[0], Integer.parseInt(f[1]), f[2], Double.parseDouble(f[3]), f[4], f[5]));
      }
      return rows;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
