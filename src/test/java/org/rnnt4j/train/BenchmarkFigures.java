package org.rnnt4j.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnt4j.util.Json;

/** Merges one benchmark's figures into {@code benchmarks/data.json} under its own key. */
final class BenchmarkFigures {
  static final Path FILE = Path.of("benchmarks/data.json");

  private BenchmarkFigures() {}

  static synchronized void put(String key, Object figures) throws Exception {
    ObjectNode root = Files.exists(FILE) ? (ObjectNode) Json.read(FILE) : Json.mapper().createObjectNode();
    root.set(key, Json.mapper().valueToTree(figures));
    Files.createDirectories(FILE.getParent());
    Json.write(FILE, root);
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
  }
}
