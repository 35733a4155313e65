package org.rnnt4j.text.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.rnnt4j.util.Json;

/**
 * The SentencePiece 0.1.97 reference fixtures copied from ../shared/fixtures/tokenizer into
 * src/test/resources/tokenizer (golden files and the corpus gzip-compressed, see PROVENANCE.md
 * there).
 */
public final class Fixtures {
  public static final String DIR = "/tokenizer/";

  /** One golden line: what the reference library returned for {@code text}. */
  public record GoldenCase(int line, String text, int[] ids, List<String> pieces, String decoded) {}

  private Fixtures() {}

  public static InputStream open(String name) {
    InputStream in = Fixtures.class.getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + DIR + name);
    }
    return in;
  }

  public static byte[] bytes(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SentencePieceModel model(String name) {
    return SentencePieceModel.fromBytes(bytes(name + ".model"), name + ".model");
  }

  /** Lines of a text resource; {@code .gz} resources are decompressed. Splits on '\n' only. */
  public static List<String> lines(String name) {
    try (InputStream raw = open(name);
        InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>(List.of(all.split("\n", -1)));
      if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<GoldenCase> golden(String modelName) {
    List<GoldenCase> cases = new ArrayList<>();
    List<String> lines = lines(modelName + ".golden.jsonl.gz");
    for (int i = 0; i < lines.size(); i++) {
      JsonNode node = Json.parse(lines.get(i));
      int[] ids = new int[node.get("ids").size()];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = node.get("ids").get(k).asInt();
      }
      List<String> pieces = new ArrayList<>();
      node.get("pieces").forEach(p -> pieces.add(p.asText()));
      cases.add(
          new GoldenCase(
              i + 1, node.get("text").asText(), ids, pieces, node.get("decoded").asText()));
    }
    return cases;
  }

  public static JsonNode index() {
    try (InputStream in = open("index.json")) {
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
