package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.GeneratorState;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * Every source of randomness of a training run at a save point, as {@code rng_state.json} holds it: the
 * sampler's seed and position, and the bytes of each libtorch default generator (CPU first, then each
 * CUDA device), base64-encoded.
 *
 * @param sampler the data order's seed and how far it has been consumed
 * @param generators libtorch's generators, one per device, the CPU's among them
 */
public record RngState(SamplerPosition sampler, List<GeneratorState> generators) {
  public static final String FILE = "rng_state.json";

  public RngState {
    Checks.notNull(sampler, "sampler");
    generators = List.copyOf(generators);
    Checks.argument(
        generators.stream().map(GeneratorState::device).distinct().count() == generators.size(),
        "one generator state per device, got %s", generators);
  }

  void write(Path file) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", sampler.seed());
    json.put("epoch", sampler.epoch());
    json.put("samples_in_epoch", sampler.samplesInEpoch());
    json.put("samples_total", sampler.samplesTotal());
    List<Map<String, Object>> gens = new ArrayList<>();
    for (GeneratorState g : generators) {
      gens.add(Map.of("device", g.device().toString(), "state", Base64.getEncoder().encodeToString(g.state())));
    }
    json.put("generators", gens);
    Json.write(file, json);
  }

  static RngState read(Path file) {
    JsonNode json = JsonFields.read(file);
    SamplerPosition sampler;
    try {
      sampler =
          new SamplerPosition(
              JsonFields.getLong(json, "seed", file),
              JsonFields.getLong(json, "epoch", file),
              JsonFields.getLong(json, "samples_in_epoch", file),
              JsonFields.getLong(json, "samples_total", file));
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
    List<GeneratorState> gens = new ArrayList<>();
    for (JsonNode g : JsonFields.getArray(json, "generators", file)) {
      try {
        gens.add(
            new GeneratorState(
                Device.parse(JsonFields.getString(g, "device", file)),
                Base64.getDecoder().decode(JsonFields.getString(g, "state", file))));
      } catch (IllegalArgumentException e) {
        throw new FormatException(file.toString(), "bad generator entry " + g + ": " + e.getMessage(), e);
      }
    }
    try {
      return new RngState(sampler, gens);
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }
}
