package org.rnnt4j.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.ConfigException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML text into the immutable raw tree that {@link ConfigNode} reads: unmodifiable {@code Map<String,
 * Object>} (insertion order kept) and {@code List<Object>} containers, and {@link Long}, {@link Double},
 * {@link Boolean}, {@link String} or {@code null} leaves. Interpolations ({@code ${...}}) and the {@code ???}
 * marker stay as strings here; {@link Resolver} interprets them when a value is read.
 *
 * <p>snakeyaml-engine implements the YAML 1.2 core schema, while OmegaConf uses PyYAML (YAML 1.1) with a
 * wider float pattern. For NeMo configs the two agree ({@code 5e-4} and {@code 1.0e-05} are floats in
 * both); they differ on YAML 1.1 booleans such as {@code yes}/{@code on}, which stay strings here.
 */
final class YamlTrees {
  private YamlTrees() {}

  static Object parse(String yaml, String source) {
    // The core schema, not snakeyaml-engine's default JSON schema: NeMo confs write True/False.
    LoadSettings settings =
        LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).setSchema(new CoreSchema()).build();
    Object loaded;
    try {
      loaded = new Load(settings).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new ConfigException("cannot parse YAML " + source + ": " + e.getMessage(), e);
    }
    if (loaded == null) {
      return Map.of();
    }
    return freeze(loaded, KeyPath.root(), source);
  }

  /** Converts a plain Java value (as loaded, or as given to an override) into the immutable raw form. */
  static Object freeze(Object value, KeyPath path, String source) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Double || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value instanceof BigInteger) {
      BigInteger big = (BigInteger) value;
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      throw new ConfigException(path + " in " + source + ": integer " + big + " does not fit in 64 bits");
    }
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        Object key = entry.getKey();
        if (!(key instanceof String || key instanceof Number || key instanceof Boolean)) {
          throw new ConfigException(path + " in " + source + ": map keys must be scalars, got " + key);
        }
        String name = String.valueOf(key);
        out.put(name, freeze(entry.getValue(), path.key(name), source));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(freeze(list.get(i), path.index(i), source));
      }
      return Collections.unmodifiableList(out);
    }
    throw new ConfigException(
        path + " in " + source + ": unsupported value type " + value.getClass().getSimpleName()
            + "; expected a map, list, string, number, boolean or null");
  }
}
