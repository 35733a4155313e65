package org.rnnt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j train args.json}: the flags from one JSON object, as Hugging Face's {@code
 * HfArgumentParser.parse_json_file} reads a script's arguments ({@code {"output_dir": "out", "do_train":
 * true, "learning_rate": 1e-3}}). Each key becomes {@code --key value}: booleans as {@code true}/{@code
 * false}, numbers and strings as written, lists comma-joined, objects ({@code lr_scheduler_kwargs}) as
 * JSON text; {@code null} leaves the flag at its default. Unknown keys fail as unknown flags do.
 */
final class JsonArguments {
  private JsonArguments() {}

  static List<String> flags(Path file) {
    JsonNode json = Json.read(file);
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(file + ": expected a JSON object of flag names to values");
    }
    List<String> flags = new ArrayList<>();
    for (var it = json.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      flags.add("--" + e.getKey());
      if (v.isBoolean()) {
        flags.add(Boolean.toString(v.booleanValue()));
      } else if (v.isArray()) {
        List<String> parts = new ArrayList<>();
        v.forEach(x -> parts.add(x.isTextual() ? x.textValue() : x.toString()));
        flags.add(String.join(",", parts));
      } else if (v.isObject()) {
        flags.add(Json.compact(v));
      } else if (v.isTextual()) {
        flags.add(v.textValue());
      } else {
        flags.add(v.asText());
      }
    }
    return flags;
  }
}
