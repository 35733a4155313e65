package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.rnnt4j.util.safetensors.DType;

/**
 * The four .nemo archives under src/test/resources/nemo/ and their state_dict_keys.txt listings,
 * written in NeMo's layout by the reference generator (a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself).
 */
final class Fixtures {
  static final List<String> MODELS =
      List.of("contextnet_tiny", "contextnet_strided_tiny", "conformer_tiny", "fastconformer_tiny");

  /** One line of {@code <model>.state_dict_keys.txt}: {@code key<TAB>[d0, d1]<TAB>dtype}. */
  record KeyLine(String key, long[] shape, DType dtype) {}

  private Fixtures() {}

  static Path nemo(String model) {
    return resource("/nemo/" + model + ".nemo");
  }

  static List<KeyLine> keys(String model) {
    Path file = resource("/nemo/" + model + ".state_dict_keys.txt");
    try {
      List<KeyLine> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split("\t");
        String dims = fields[1].substring(1, fields[1].length() - 1).trim();
        long[] shape =
            dims.isEmpty()
                ? new long[0]
                : Arrays.stream(dims.split(",")).mapToLong(d -> Long.parseLong(d.trim())).toArray();
        DType dtype =
            switch (fields[2]) {
              case "float32" -> DType.F32;
              case "int64" -> DType.I64;
              default ->
                  throw new IllegalStateException("unexpected dtype in " + file + ": " + line);
            };
        lines.add(new KeyLine(fields[0], shape, dtype));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The bytes of the archive member {@code name} (e.g. {@code ./model_weights.ckpt}), read with
   * commons-compress.
   */
  static byte[] member(String model, String name) {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(nemo(model)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().equals(name)) {
          return tar.readAllBytes();
        }
      }
      throw new IllegalStateException(model + ".nemo has no member " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
